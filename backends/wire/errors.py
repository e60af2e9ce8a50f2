"""Every error on the wire is one JSON shape, and each backends.errors code has one status.

``{"code": "...", "message": "...", "field": "..."?, "current": {...}?}`` where `code` is one of
the backends.errors codes (plus "unauthenticated" and "internal"), `field` names the bad input
and `current` carries the stored record on a stale-version conflict (412). Part of the wire
contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from backends.errors import (
    BackendError,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Unavailable,
)
from backends.model_base import Model

# code → HTTP status for errors raised by a backend (stale versions become 412 at the route)
STATUS_BY_CODE: dict[str, int] = {
    NotFound.code: 404,
    Conflict.code: 409,
    Invalid.code: 422,
    Unavailable.code: 503,
    Forbidden.code: 403,
    "unauthenticated": 401,
    "internal": 500,
}


def error_body(exc: BackendError, current: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if isinstance(exc, Invalid):
        body["field"] = exc.field
        body["message"] = exc.reason
    if current is not None:
        body["current"] = current
    return body


def error_from_body(status: int, body: Any) -> BackendError:
    """The backends.errors exception a response body describes (`current` left raw)."""
    if not isinstance(body, dict):
        body = {}
    code = str(body.get("code") or "")
    message = str(body.get("message") or f"the server answered {status}")
    if code == Invalid.code or (not code and status in (400, 413, 422, 428)):
        return Invalid(body.get("field"), message)
    if code == Conflict.code or status in (409, 412):
        return Conflict(message, current=body.get("current"))
    if code == NotFound.code or status == 404:
        return NotFound(message)
    if code in (Forbidden.code, "unauthenticated") or status in (401, 403):
        return Forbidden(message)
    return Unavailable(message)


class ErrorBody(Model):
    code: str = Field(description="not_found, conflict, invalid, unavailable, forbidden, "
                                  "unauthenticated, internal")
    message: str = Field(description="what went wrong, for a person")
    field: str | None = Field(default=None, description="the input at fault, when known")
    current: dict | None = Field(default=None, description="the stored record (412)")
