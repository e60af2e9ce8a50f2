"""The wire format shared by the server (backends.server) and the client (backends.http).

Bodies are the pydantic models of backends.models as JSON. Every error is one JSON shape:
``{"code": "...", "message": "...", "field": "..."?, "current": {...}?}`` where `code` is one of
the backends.errors codes (plus "unauthenticated" and "internal"), `field` names the bad input
and `current` carries the stored record on a stale-version conflict (412).

This module imports neither httpx nor fastapi, so both sides can use it.
"""

from __future__ import annotations

import re
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
from backends.models import CallState, Model, Presence

API_PREFIX = "/v1"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_BODY_BYTES = 1024 * 1024
IDEMPOTENCY_KEY_MAX = 200

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

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def etag(version: int) -> str:
    """The ETag of a record: its version, quoted as RFC 9110 wants."""
    return f'"{int(version)}"'


def parse_if_match(value: str | None) -> int | None:
    """The version an If-Match header names; None when it names none we understand."""
    if value is None:
        return None
    match = _ETAG.match(value)
    return int(match.group(1)) if match else None


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


# ---------------------------------------------------------------------- request/response bodies
# Bodies of the action endpoints that have no model of their own in backends.models.

MAX_LIMIT = 1000
# A search reads the first 200 characters and a phone number is at most 60 (backends.phones):
# longer texts are refused rather than carried through the server's caches and logs.
SEARCH_MAX = 1000
PHONE_LOOKUP_MAX = 200


class SearchRequest(Model):
    """Searches travel in a POST body so names and phone numbers stay out of URLs and logs."""

    q: str = Field(default="", max_length=SEARCH_MAX,
                   description="any text; searched literally")
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)


class PhoneLookup(Model):
    number: str = Field(max_length=PHONE_LOOKUP_MAX,
                        description="any format; [] when it is no number")


class ClaimRequest(Model):
    operator: str = Field(min_length=1, max_length=40)


class StateRequest(Model):
    state: CallState
    operator: str | None = Field(default=None, max_length=40)
    disposition: str | None = Field(default=None, max_length=30)


class EscalateRequest(Model):
    author: str = Field(min_length=1, max_length=40)
    reason: str = Field(default="", max_length=4000)


class PresenceRequest(Model):
    presence: Presence
    reason: str | None = Field(default=None, max_length=80)


class DirectoryPresenceRequest(Model):
    presence: Presence


class TransferAnswer(Model):
    accept: bool
    by: str = Field(min_length=1, max_length=40)


class LastEventId(Model):
    id: int


class Meta(Model):
    api: int = 1
    backend: str
    capabilities: list[str]
    operator: str
    role: str


class BulkResult(Model):
    count: int


class ErrorBody(Model):
    code: str = Field(description="not_found, conflict, invalid, unavailable, forbidden, "
                                  "unauthenticated, internal")
    message: str = Field(description="what went wrong, for a person")
    field: str | None = Field(default=None, description="the input at fault, when known")
    current: dict | None = Field(default=None, description="the stored record (412)")
