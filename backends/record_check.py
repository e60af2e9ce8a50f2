"""Records read from plain data (a TOML file's tables, a stored JSON column, a record given to a
service) and checked without pydantic, whose import costs each console ~50 ms of CPU and
~9 MB (backends/record.py; 30 trainees' consoles share one lab server, issue 20).

`read(kind, value)` follows the annotations of a record (a dataclass on `Record`): text,
whole numbers, numbers, yes/no, enums, dates, times of day, lists, tables, unions with None,
nested records, the bounds of annotated_types (MinLen, MaxLen, Ge, Le, Gt, Lt) and
`Pattern`. Text is stripped and an unknown field refused, as the records' pydantic
configuration says. A record's own `__post_init__` checks run when it is built. A bad value
is `Invalid` naming its place ("steps.2.id") in the words `backends/plain_words.py` gives
pydantic's errors.

The HTTP client and the server still read records with pydantic (they load it anyway).
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from datetime import date, datetime, time
from typing import Any, TypeVar

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen

from backends.errors import Invalid
from backends.plain_words import plain_reason
from backends.record import Pattern, Record

R = TypeVar("R", bound=Record)

_hints: dict[type[Record], dict[str, Any]] = {}


class _Bad(Exception):
    def __init__(self, where: list[str | int], kind: str, **ctx: Any) -> None:
        super().__init__(kind)
        self.where, self.kind, self.ctx = where, kind, ctx


def read(kind: type[R], value: Any) -> R:
    """`value` (a mapping, or a record of this kind, checked again) read as a `kind`."""
    if isinstance(value, Record):
        value = {name: getattr(value, name) for name in type(value).field_names()}
    try:
        record: R = _value(kind, value, [])
    except _Bad as bad:
        place = ".".join(str(part) for part in bad.where) or None
        raise Invalid(place, plain_reason({"type": bad.kind, "ctx": bad.ctx})) from None
    return record


def _fields(kind: type[Record]) -> dict[str, Any]:
    hints = _hints.get(kind)
    if hints is None:
        hints = _hints[kind] = typing.get_type_hints(kind, include_extras=True)
    return hints


def _value(kind: Any, value: Any, where: list[str | int]) -> Any:
    origin = typing.get_origin(kind)
    if origin is typing.Annotated:
        base, *bounds = typing.get_args(kind)
        checked = _value(base, value, where)
        for bound in bounds:
            _bound(bound, checked, where)
        return checked
    if kind is Any or kind is object:
        return value
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        last: _Bad | None = None
        for option in options:
            if option is type(None):
                continue
            try:
                return _value(option, value, where)
            except _Bad as bad:
                last = bad
        raise last if last is not None else _Bad(where, "missing")
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        if not isinstance(value, list | tuple):
            raise _Bad(where, "list_type")
        return [_value(item, element, [*where, index]) for index, element in enumerate(value)]
    if origin is dict:
        key_kind, item_kind = typing.get_args(kind) or (Any, Any)
        if not isinstance(value, dict):
            raise _Bad(where, "dict_type")
        return {_value(key_kind, key, [*where, str(key)]): _value(item_kind, item,
                                                                 [*where, str(key)])
                for key, item in value.items()}
    if isinstance(kind, type):
        return _plain(kind, value, where)
    raise TypeError(f"record_check cannot read {kind!r}")


def _plain(kind: type, value: Any, where: list[str | int]) -> Any:
    if issubclass(kind, Record):
        return _record(kind, value, where)
    if issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(repr(member.value) for member in kind)
            raise _Bad(where, "enum", expected=choices) from None
    if kind is bool:
        if not isinstance(value, bool):
            raise _Bad(where, "bool_type")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Bad(where, "int_type")
        if isinstance(value, float) and not value.is_integer():
            raise _Bad(where, "int_from_float")
        return int(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Bad(where, "float_parsing")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise _Bad(where, "string_type")
        return value.strip()
    if kind in (datetime, date, time):
        return _moment(kind, value, where)
    if isinstance(value, kind):
        return value
    raise TypeError(f"record_check cannot read {kind.__name__}")


def _moment(kind: type[datetime | date | time], value: Any, where: list[str | int]) -> Any:
    """A date and time, a day or a time of day, or its ISO text (as pydantic reads them)."""
    if isinstance(value, kind) and (kind is datetime or not isinstance(value, datetime)):
        return value
    try:
        return kind.fromisoformat(value)
    except (TypeError, ValueError):
        problem = {datetime: "datetime_parsing", date: "date_parsing", time: "time_parsing"}
        raise _Bad(where, problem[kind]) from None


def _record(kind: type[Record], value: Any, where: list[str | int]) -> Record:
    if isinstance(value, kind):
        value = {name: getattr(value, name) for name in kind.field_names()}
    if not isinstance(value, dict):
        raise _Bad(where, "model_type")
    hints = _fields(kind)
    fields = kind.model_fields
    for key in value:
        if key not in fields:
            raise _Bad([*where, str(key)], "extra_forbidden")
    values: dict[str, Any] = {}
    for field in fields.values():
        if field.name in value:
            values[field.name] = _value(hints[field.name], value[field.name],
                                        [*where, field.name])
        elif (field.default is dataclasses.MISSING
              and field.default_factory is dataclasses.MISSING):
            raise _Bad([*where, field.name], "missing")
    try:
        return kind(**values)
    except Invalid as exc:  # the record's own checks: place them
        inner = [exc.field] if exc.field else []
        place = ".".join(str(part) for part in [*where, *inner]) or None
        raise Invalid(place, exc.reason) from None


def _bound(bound: Any, value: Any, where: list[str | int]) -> None:
    if isinstance(bound, MaxLen) and len(value) > bound.max_length:
        kind = "string_too_long" if isinstance(value, str) else "too_long"
        raise _Bad(where, kind, max_length=bound.max_length)
    if isinstance(bound, MinLen) and len(value) < bound.min_length:
        kind = "string_too_short" if isinstance(value, str) else "too_short"
        raise _Bad(where, kind, min_length=bound.min_length)
    if isinstance(bound, Ge) and not value >= bound.ge:
        raise _Bad(where, "greater_than_equal", ge=bound.ge)
    if isinstance(bound, Le) and not value <= bound.le:
        raise _Bad(where, "less_than_equal", le=bound.le)
    if isinstance(bound, Gt) and not value > bound.gt:
        raise _Bad(where, "greater_than", gt=bound.gt)
    if isinstance(bound, Lt) and not value < bound.lt:
        raise _Bad(where, "less_than", lt=bound.lt)
    if isinstance(bound, Pattern) and not re.match(bound.regex, value):
        raise _Bad(where, "string_pattern_mismatch", pattern=bound.regex)
