"""The error family every backend raises, so screens and the CLI handle one vocabulary."""

from __future__ import annotations

from typing import Any


class BackendError(Exception):
    """Base of every error a backend raises on purpose. `code` is stable, for machines."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


class NotFound(BackendError):
    code = "not_found"


class Conflict(BackendError):
    """A stale version, a call somebody else already claimed, a transfer already answered."""

    code = "conflict"

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        # the record as it is now, when the backend knows it (the conflict dialog shows it)
        self.current = current


class Invalid(BackendError):
    """Bad input. `field` names what was wrong; `message` says why, for a person."""

    code = "invalid"

    def __init__(self, field: str | None, message: str) -> None:
        from backends.plain_words import field_label

        super().__init__(f"{field_label(field)}: {message}" if field else message)
        self.field = field
        self.reason = message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "field": self.field}


class Unavailable(BackendError):
    """The store cannot answer now: remote down, database locked past its timeout."""

    code = "unavailable"


class Forbidden(BackendError):
    code = "forbidden"


ERRORS_BY_CODE: dict[str, type[BackendError]] = {
    cls.code: cls for cls in (NotFound, Conflict, Invalid, Unavailable, Forbidden)
}


def invalid_from_validation(exc: Exception) -> Invalid:
    """Turn a pydantic ValidationError into Invalid naming the first bad field in plain words
    (backends/plain_words.py: "Company: at most 200 characters")."""
    from backends.plain_words import plain_reason

    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return Invalid(None, str(exc))
    items = errors()
    if not items:
        return Invalid(None, str(exc))
    first = items[0]
    # the loc of a tagged union or a model inside a list carries type names: fields only
    loc = [part for part in first.get("loc", ()) if part != "__root__"]
    field = ".".join(str(part) for part in loc) or None
    return Invalid(field, plain_reason(first))
