"""The checks behind `console.settings.Settings`: a setting's type, bounds and own check in one
table (dataclass field metadata), read by one function, `checked`.

Values come from click flags (text), CENTRALINO_* variables (text) and the TOML file (typed),
so text is coerced as pydantic did in lax mode: " 45 " and "45.0" are 45, "1.5" and "inf" are
floats, true/false/1/0/yes/no/on/off/y/n/t/f in any case are yes or no. A bad value is
`Invalid(setting, why)` in the words `backends/plain_words.py` has for each kind of error, so
the messages (and their translations) are the ones pydantic's errors produced. Unlike pydantic,
yes/no is not taken for a number (pydantic read `smtp_port = true` as port 1).
See docs/ARCHITECTURE.md, "Start-up".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, field
from typing import Any

from backends.errors import Invalid
from backends.plain_words import plain_reason

Check = Callable[[Any], Any]

# as pydantic reads an int from text: digits in groups of "_", optionally ".0…"
_INT_TEXT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})
# the bounds a setting may declare, in the order they are checked (as pydantic did)
_BOUNDS = ("max_length", "min_length", "le", "lt", "ge", "gt")


class _Bad(Exception):
    """One value refused: the kind of error (backends/plain_words.REASONS) and its context."""

    def __init__(self, kind: str, ctx: Mapping[str, Any] | None = None,
                 where: str | None = None) -> None:
        super().__init__(kind)
        self.kind, self.ctx, self.where = kind, dict(ctx or {}), where


def setting(description: str, *, default: Any = MISSING,
            factory: Callable[[], Any] | None = None, check: Check | None = None,
            **bounds: int | float) -> Any:
    """A Settings field: what it is for (`description`), its default or default factory, its
    bounds (max_length, min_length, le, lt, ge, gt) and its own `check` (value → value, raising
    ValueError with the reason), run after the type and the bounds."""
    unknown = set(bounds) - set(_BOUNDS)
    if unknown:
        raise TypeError(f"unknown bounds: {sorted(unknown)}")
    metadata = {"description": description, "check": check, "bounds": bounds}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise _Bad("string_type")


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _whole_number(value: Any) -> int:
    if isinstance(value, bool):  # a bool is an int to Python, not a number to a person
        raise _Bad("int_type")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise _Bad("int_from_float")
    if isinstance(value, str):
        stripped = value.strip()
        if _INT_TEXT.fullmatch(stripped):
            try:
                return int(stripped.partition(".")[0])
            except ValueError:  # beyond Python's 4,300 digits for text
                pass
        raise _Bad("int_parsing")
    raise _Bad("int_type")


def _number(value: Any) -> float:
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        # float() also reads other scripts' digits ("١.٥"), which pydantic did not
        if isinstance(value, str) and value.isascii():
            return float(value)
    except (ValueError, OverflowError):
        pass
    # whatever it is ("soon", yes/no, a list): pydantic said "Input should be a valid number"
    # for some of these, untranslated; one translated message here
    raise _Bad("float_parsing")


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise _Bad("bool_parsing" if isinstance(value, str | int) else "bool_type")


def _text_table(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise _Bad("dict_type")
    table: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise _Bad("string_type", where=f"{key}.[key]")
        if not isinstance(item, str):
            raise _Bad("string_type", where=key)
        table[key] = item
    return table


# a field's annotation (text: `from __future__ import annotations`) → its coercion
KINDS: dict[str, Callable[[Any], Any]] = {
    "str": _text, "str | None": _optional_text, "int": _whole_number, "float": _number,
    "bool": _yes_no, "dict[str, str]": _text_table,
}


def _within(value: Any, bounds: Mapping[str, int | float]) -> None:
    if value is None:
        return
    for bound in _BOUNDS:
        limit = bounds.get(bound)
        if limit is None:
            continue
        if bound == "max_length" and len(value) > limit:
            raise _Bad("string_too_long", {bound: limit})
        if bound == "min_length" and len(value) < limit:
            raise _Bad("string_too_short", {bound: limit})
        if bound == "le" and not value <= limit:  # "not": NaN fails every bound
            raise _Bad("less_than_equal", {bound: limit})
        if bound == "lt" and not value < limit:
            raise _Bad("less_than", {bound: limit})
        if bound == "ge" and not value >= limit:
            raise _Bad("greater_than_equal", {bound: limit})
        if bound == "gt" and not value > limit:
            raise _Bad("greater_than", {bound: limit})


def checked(spec: Field[Any], value: Any) -> Any:
    """`value` for the setting `spec` as its type, bounds and check want it; Invalid naming the
    setting (a `keys` entry as keys.<binding>) and why, otherwise."""
    try:
        value = KINDS[str(spec.type)](value)
        _within(value, spec.metadata["bounds"])
    except _Bad as bad:
        where = f"{spec.name}.{bad.where}" if bad.where else spec.name
        raise Invalid(where, plain_reason({"type": bad.kind, "ctx": bad.ctx})) from None
    check: Check | None = spec.metadata["check"]
    if check is None:
        return value
    try:
        return check(value)
    except Invalid as exc:  # from a check it calls: this setting is what was wrong
        raise Invalid(spec.name, exc.reason) from None
    except ValueError as exc:
        raise Invalid(spec.name, str(exc)) from None


def not_a_setting(name: str) -> Invalid:
    return Invalid(name, plain_reason({"type": "extra_forbidden"}))
