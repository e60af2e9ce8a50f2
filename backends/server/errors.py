"""Every error leaves the server as one JSON shape: {"code", "message", "field"?, "current"?}."""

from __future__ import annotations

import json
import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pydantic_core
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backends.errors import BackendError, Invalid, Unavailable
from backends.i18n import _
from backends.server.deps import PreconditionRequired, StaleVersion
from backends.server.policy import Unauthenticated
from backends.wire.errors import STATUS_BY_CODE, ErrorBody, error_body

log = logging.getLogger("centralino.server")

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in [
        (400, "malformed request (bad JSON, bad header)"),
        (401, "no token, or an unknown, expired or revoked one"),
        (403, "the role or the operator may not do this"),
        (404, "no such record"),
        (409, "a business conflict: claimed by somebody else, already answered"),
        (412, "stale If-Match: somebody changed the record; `current` holds it"),
        (413, "body larger than the server accepts"),
        (422, "invalid input; `field` names it"),
        (428, "If-Match missing on a versioned write"),
        (503, "the store cannot answer now; retry after Retry-After seconds"),
    ]
}


def error_response(status: int, body: dict[str, Any],
                   headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status, headers,
                    media_type="application/json")


def status_of(exc: BackendError) -> int:
    if isinstance(exc, StaleVersion):
        return 412
    if isinstance(exc, PreconditionRequired):
        return 428
    return STATUS_BY_CODE.get(exc.code, 500)


@lru_cache(maxsize=16)
def _server_paths(db_path: Path) -> re.Pattern[str]:
    """The folder of the server's database as messages may spell it (as given, resolved),
    with whatever file name follows it."""
    folders = {str(db_path.parent), os.path.realpath(db_path.parent)}
    spelled = "|".join(re.escape(f) for f in sorted(folders, key=len, reverse=True))
    return re.compile(rf"(?:{spelled})(?:/[^\s'\"]*)?")


def without_paths(request: Request, text: str) -> str:
    """`text` with the server's files named in plain words: an answer never tells a client
    where the server keeps its data (a security rule of the project). The backends name the
    file in their messages for the console and the CLI, where the person owns it."""
    ctx = getattr(request.app.state, "ctx", None)
    config = getattr(ctx, "config", None)
    if config is None:
        return text
    if config.auth_db is None:  # a database server (PostgreSQL): its address, not a file
        if "postgresql://" in text:  # the store names the database in every such message
            return _("the server's database cannot be used right now; try again shortly")
        return text
    return _server_paths(Path(config.auth_db)).sub(_("the server's database"), text)


async def _backend_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BackendError)
    current = getattr(exc, "current", None)
    body = error_body(exc, pydantic_core.to_jsonable_python(current) if current else None)
    body["message"] = without_paths(request, body["message"])
    headers: dict[str, str] = {}
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, Unavailable):
        headers["Retry-After"] = "1"
    return error_response(status_of(exc), body, headers)


def _field_of(loc: tuple[Any, ...]) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or None


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        why = first.get("ctx", {}).get("error", "")
        return error_response(400, error_body(Invalid("body", _(
            "the body is not valid JSON ({why})").format(why=why))))
    loc = tuple(first.get("loc", ()))
    field = _field_of(loc)
    message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    if loc == ("body",):
        field = "body"
        message = (_("a JSON body is required") if first.get("type") == "missing" else _(
            "expected a JSON {kind} (and Content-Type: application/json)").format(
            kind=_("list") if first.get("type") == "list_type" else _("object")))
    return error_response(422, error_body(Invalid(field, message)))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = "not_found" if exc.status_code == 404 else "invalid"
    message = {404: _("no such resource"), 405: _("this method is not allowed here")}.get(
        exc.status_code, str(exc.detail))
    return error_response(exc.status_code, {"code": code, "message": message},
                          dict(exc.headers or {}))


async def _overflow(request: Request, exc: Exception) -> Response:
    return error_response(422, error_body(Invalid(None, _("a number is out of range"))))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, {"code": "internal",
                                "message": _("internal server error; see the server log")})


def install(app: FastAPI) -> None:
    app.add_exception_handler(BackendError, _backend_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OverflowError, _overflow)
    app.add_exception_handler(Exception, _unexpected)
