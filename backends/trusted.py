"""Models from data that was validated when it was stored: no validation, no copying.

`Model.model_construct(**values)` walks every field to fill defaults and collect the set of
given fields: about 10 µs a model. A store builds many (60 directory entries per filter, 30
customers per type-ahead lookup) and the server builds them for every read, where that walk
was the largest single cost of a request. `trusted` does what model_construct ends with for a
complete set of values, in about 1 µs, and falls back to model_construct for anything else.
Records (backends/record.py, plain dataclasses) are built the same way, without pydantic.
"""

from __future__ import annotations

from typing import Any, TypeVar

from backends.record import Record

M = TypeVar("M")

_set = object.__setattr__
_plain: dict[type[Any], tuple[str, ...] | None] = {}


def _fields_if_plain(cls: type[Any]) -> tuple[str, ...] | None:
    """The field names, in declaration order, of a model the short path can build: a record,
    or a pydantic model without private attributes, post-init hook, extra fields or root.
    None otherwise."""
    known = _plain.get(cls, ...)
    if known is ...:
        if issubclass(cls, Record):
            known = cls.field_names()
        else:
            plain = (not cls.__private_attributes__ and cls.__pydantic_post_init__ is None
                     and cls.model_config.get("extra") != "allow"
                     and not cls.__pydantic_root_model__)
            known = tuple(cls.model_fields) if plain else None
        _plain[cls] = known
    return known


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """`cls.model_construct(**values)` for stored, already valid values; `values` becomes the
    model's own dict (the caller must not keep using it). Cheapest with the keys given in
    the model's field order."""
    fields = _fields_if_plain(cls)
    construct: Any = cls
    if fields is None or len(values) != len(fields):
        built: M = construct.model_construct(**values)
        return built
    if tuple(values) != fields:
        # JSON follows the dict's order: keep the schema's order (as validation would)
        if not set(fields).issuperset(values):
            built = construct.model_construct(**values)
            return built
        values = {name: values[name] for name in fields}
    model = object.__new__(cls)
    _set(model, "__dict__", values)
    if not isinstance(model, Record):
        _set(model, "__pydantic_fields_set__", set(values))
        _set(model, "__pydantic_extra__", None)
        _set(model, "__pydantic_private__", None)
    return model
