"""Validation messages in plain words: the one place where pydantic's error kinds become what a
person reads ("Company: at most 200 characters", not "company: String should have at most 200
characters"), and where a field's name becomes its label. `errors.Invalid` and
`errors.invalid_from_validation` use it; nothing else talks pydantic to a person.
See docs/ARCHITECTURE.md (the core)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from backends.i18n import _, ngettext


def _labels() -> dict[str, str]:
    return {
        "name": _("Name"), "company": _("Company"), "phones": _("Phone"), "phone": _("Phone"),
        "email": _("Email"), "language": _("Language"), "tags": _("Tags"),
        "consent": _("Consent"), "notes": _("Notes"), "code": _("Code"),
        "subject": _("Subject"), "category": _("Category"), "priority": _("Priority"),
        "status": _("Status"), "tier": _("Tier"), "assignee": _("Assignee"),
        "caller": _("Caller"), "queue": _("Queue"), "channel": _("Channel"),
        "note": _("Note"), "body": _("Text"), "disposition": _("Outcome"),
        "reason": _("Reason"), "target": _("Target"), "operator": _("Operator"),
        "region": _("Region"), "pause_reason": _("Pause reason"),
        "languages": _("Languages"), "number": _("Number"), "extension": _("Extension"),
        "display_name": _("Display name"), "role": _("Role"), "from_operator": _("Operator"),
    }


def field_label(field: str) -> str:
    """`company` → "Company", `phones.1` → "Phone 2"; an unknown name is shown as it is."""
    head, _sep, rest = field.partition(".")
    label = _labels().get(head)
    if label is None:
        return field
    first = rest.split(".", 1)[0]
    if first.isdigit():
        return f"{label} {int(first) + 1}"
    return label


def _count(ctx: Mapping[str, Any], key: str) -> int:
    try:
        return int(ctx.get(key, 0))
    except (TypeError, ValueError):
        return 0


def _too_long(ctx: Mapping[str, Any]) -> str:
    n = _count(ctx, "max_length")
    return ngettext("at most {n} character", "at most {n} characters", n).format(n=n)


def _too_short(ctx: Mapping[str, Any]) -> str:
    n = _count(ctx, "min_length")
    if n <= 1:
        return _("cannot be empty")
    return ngettext("at least {n} character", "at least {n} characters", n).format(n=n)


def _too_many(ctx: Mapping[str, Any]) -> str:
    n = _count(ctx, "max_length")
    return ngettext("at most {n} item", "at most {n} items", n).format(n=n)


def _one_of(ctx: Mapping[str, Any]) -> str:
    return _("must be one of {choices}").format(choices=str(ctx.get("expected", "")))


REASONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "string_too_long": _too_long,
    "string_too_short": _too_short,
    "too_long": _too_many,
    "too_short": lambda ctx: _("cannot be empty"),
    "missing": lambda ctx: _("is required"),
    "string_type": lambda ctx: _("must be text"),
    "int_parsing": lambda ctx: _("must be a whole number"),
    "int_type": lambda ctx: _("must be a whole number"),
    "int_from_float": lambda ctx: _("must be a whole number"),
    "float_parsing": lambda ctx: _("must be a number"),
    "bool_parsing": lambda ctx: _("must be yes or no"),
    "bool_type": lambda ctx: _("must be yes or no"),
    "greater_than_equal": lambda ctx: _("at least {n}").format(n=ctx.get("ge")),
    "greater_than": lambda ctx: _("more than {n}").format(n=ctx.get("gt")),
    "less_than_equal": lambda ctx: _("at most {n}").format(n=ctx.get("le")),
    "less_than": lambda ctx: _("less than {n}").format(n=ctx.get("lt")),
    "enum": _one_of,
    "literal_error": _one_of,
    "datetime_parsing": lambda ctx: _("is not a date and time"),
    "datetime_from_date_parsing": lambda ctx: _("is not a date and time"),
    "date_parsing": lambda ctx: _("is not a date (YYYY-MM-DD)"),
    "time_parsing": lambda ctx: _("is not a time of day (HH:MM)"),
    "extra_forbidden": lambda ctx: _("is not a field here"),
    "string_pattern_mismatch": lambda ctx: _("does not have the expected form "
                                             "({pattern})").format(pattern=ctx.get("pattern")),
    "list_type": lambda ctx: _("must be a list"),
    "model_type": lambda ctx: _("is not valid"),
    "dict_type": lambda ctx: _("is not valid"),
}


def plain_reason(item: Mapping[str, Any]) -> str:
    """Why one pydantic error item failed, in plain words; our validators' own messages (a
    ValueError's text) are kept, without pydantic's "Value error, " prefix."""
    kind = str(item.get("type", ""))
    reason = REASONS.get(kind)
    if reason is not None:
        return reason(item.get("ctx") or {})
    message = str(item.get("msg", "")) or _("is not valid")
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
