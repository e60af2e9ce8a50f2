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
        super().__init__(f"{field}: {message}" if field else message)
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
    """Turn a pydantic ValidationError into Invalid naming the first bad field in plain words."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return Invalid(None, str(exc))
    items = errors()
    if not items:
        return Invalid(None, str(exc))
    first = items[0]
    field = ".".join(str(part) for part in first.get("loc", ()) if part != "__root__") or None
    message = str(first.get("msg", "is not valid"))
    # pydantic prefixes messages raised from our validators with "Value error, "
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return Invalid(field, message)
