"""Stored records (a call, an operator, a change-feed event …) as plain dataclasses, so reading
and showing them costs no pydantic: importing pydantic cost the console ~50 ms of CPU and
~7.6 MB at every start, more than any other part (docs/ARCHITECTURE.md, "Records and input
models").

A record is declared as `@dataclass(kw_only=True)` on `Record`. Bounds on a field are
annotated_types metadata in its annotation (`Annotated[int, Ge(0), Le(9)]`); checks across
fields or with a message of our own go in `__post_init__` (raising `Invalid`). The
`__post_init__` checks run whenever a record is built; the bounds when one is read
(`model_validate`, backends/record_check.py; pydantic's TypeAdapter in the HTTP client and the
server), and a service reads again what it is given (backends/revalidation.py). Records built
from stored rows are not checked at all (backends/trusted.py).

`Record` keeps the few pydantic methods the code uses on records (`model_copy`, `model_dump`,
`model_validate` …), so a record and an input model (`…Draft`, `…Changes`, still pydantic,
backends/model_base.py) read alike; they work without pydantic (`model_validate` with
backends/record_check.py). The HTTP client and the server read and write records with
pydantic's TypeAdapter, which they load anyway.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

if TYPE_CHECKING:
    from pydantic import TypeAdapter


_adapters: dict[Any, TypeAdapter[Any]] = {}


def adapter(kind: Any) -> TypeAdapter[Any]:
    """pydantic's validator and serializer for `kind`, built once (and pydantic imported)."""
    found = _adapters.get(kind)
    if found is None:
        from pydantic import TypeAdapter

        found = _adapters[kind] = TypeAdapter(kind)
    return found


@dataclasses.dataclass(frozen=True)
class Pattern:
    """A text field's shape, `Annotated[str, Pattern(r"^[a-z0-9_]+$")]`: checked by
    backends/record_check.py, and by pydantic when it validates the record."""

    regex: str

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["pattern"] = self.regex
        return schema


class _FieldsOfClass:
    """`Record.model_fields`: the dataclass fields by name, in declaration order."""

    def __get__(self, instance: object, owner: type[Record]) -> dict[str, dataclasses.Field[Any]]:
        by_name = _by_name.get(owner)
        if by_name is None:  # built once per class: record_check reads it for every record
            by_name = _by_name[owner] = {field.name: field for field in _fields(owner)}
        return by_name


class Record:
    """The base of every stored record; see the module's docstring."""

    model_fields: ClassVar[_FieldsOfClass] = _FieldsOfClass()

    # read by pydantic when it validates a record: as the input models do, an unknown field is
    # refused and text is stripped
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid",
                                                     "str_strip_whitespace": True}

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A shallow copy with `update` applied, not validated (as pydantic's)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        if update:
            copy.__dict__.update(update)
        return copy

    def model_dump(self, *, mode: Literal["json", "python"] = "python",
                   exclude: set[str] | None = None, **options: Any) -> dict[str, Any]:
        """The record as a dict, nested records as dicts; `mode="json"`: enums as their
        values and times as ISO text, as pydantic writes them (without loading it: a
        trainee's actions are stored this way). Other options go to pydantic."""
        if options:
            dumped: dict[str, Any] = adapter(type(self)).dump_python(
                self, mode=mode, exclude=exclude, **options)
            return dumped
        as_json = mode == "json"
        return {name: _plain(value, as_json) for name, value in self.__dict__.items()
                if not exclude or name not in exclude}

    def model_dump_json(self, **options: Any) -> str:
        raw: bytes = adapter(type(self)).dump_json(self, **options)
        return raw.decode()

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """`data` (a mapping, or a record of this kind, returned as it is) checked and read,
        without pydantic (backends/record_check.py): Invalid names the bad field."""
        if isinstance(data, cls):
            return data
        from backends.record_check import read

        return read(cls, data)

    @classmethod
    def model_validate_json(cls, raw: str | bytes) -> Self:
        import json

        return cls.model_validate(json.loads(raw))

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        """A record from values known to be valid: missing fields take their defaults (a
        required one stays missing), unknown keys are dropped, nothing is checked (as
        pydantic's)."""
        record = object.__new__(cls)
        for field in _fields(cls):
            if field.name in values:
                record.__dict__[field.name] = values[field.name]
            elif field.default is not dataclasses.MISSING:
                record.__dict__[field.name] = field.default
            elif field.default_factory is not dataclasses.MISSING:
                record.__dict__[field.name] = field.default_factory()
        return record

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return _field_names(cls)


_declared: dict[type[Record], tuple[dataclasses.Field[Any], ...]] = {}
_by_name: dict[type[Record], dict[str, dataclasses.Field[Any]]] = {}


def _fields(cls: type[Record]) -> tuple[dataclasses.Field[Any], ...]:
    """The dataclass fields of `cls` (not its class variables), found once per class."""
    found = _declared.get(cls)
    if found is None:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is a Record but not a dataclass")
        found = _declared[cls] = dataclasses.fields(cls)
    return found


def checked(field: str, check: Callable[[Any], Any], value: Any) -> Any:
    """`check(value)` in a record's `__post_init__`: its ValueError becomes Invalid naming
    `field` (the same words pydantic's validation of an input model gives)."""
    try:
        return check(value)
    except ValueError as exc:
        from backends.errors import Invalid

        raise Invalid(field, str(exc)) from None


def _plain(value: Any, as_json: bool) -> Any:
    if isinstance(value, Record):
        return {name: _plain(item, as_json) for name, item in value.__dict__.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, as_json) for item in value]
    if isinstance(value, dict):
        return {_plain(key, as_json): _plain(item, as_json) for key, item in value.items()}
    if not as_json:
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date | time):
        return value.isoformat()
    return value


_names: dict[type[Record], tuple[str, ...]] = {}


def _field_names(cls: type[Record]) -> tuple[str, ...]:
    names = _names.get(cls)
    if names is None:
        names = _names[cls] = tuple(field.name for field in _fields(cls))
    return names
