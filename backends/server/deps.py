"""Small pieces every route uses: who is asking, If-Match, JSON responses, idempotent writes."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pydantic_core
from fastapi import Depends, Request, Response
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase
from pydantic import BaseModel

import backends
from backends import domain_registry, wire
from backends.applied_once import applied_once
from backends.errors import Conflict, Invalid, NotFound
from backends.i18n import _
from backends.protocol import Backend
from backends.record import Record, adapter
from backends.server.context import ServerContext
from backends.server.idempotency import Stored, request_hash
from backends.server.policy import Identity
from backends.wire.core import IDEMPOTENCY_HEADER, REPLAYED_HEADER, etag, parse_if_match


def _model_modules() -> list[ModuleType]:
    """Every registered domain's input models (backends/<domain>/inputs.py; its records,
    models.py, are dataclasses), what they share, and every wire module: wherever a pydantic
    model the routes read is defined. Registered domains only: looking into every package
    would import the HTTP client's (layering)."""
    names = ["backends.model_base"]
    names += [f"backends.{parts.name}.inputs" for parts in domain_registry.registered()
              if (Path(backends.__path__[0]) / parts.name / "inputs.py").is_file()]
    names += [f"{wire.__name__}.{info.name}" for info in pkgutil.iter_modules(wire.__path__)]
    return [importlib.import_module(name) for name in names]


def _build_models() -> None:
    """Build the models' validators now, before the routes are declared.

    The domain models defer their pydantic schemas to first use (console start-up time). In
    the server that only moves the cost into the first request of each route, where FastAPI's
    deferred body validators also emit a pydantic warning about `alias`. So in this process
    (and only here) the models are built eagerly, and FastAPI's validators with them."""
    built: set[type[BaseModel]] = set()
    for module in _model_modules():
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, BaseModel)
                    and value.__module__.startswith("backends.") and value not in built):
                built.add(value)
                value.model_config["defer_build"] = False
                value.model_rebuild(force=True)


_build_models()
BEARER_HELP = "a token from `centralino operator token`"


def context(request: Request) -> ServerContext:
    return request.app.state.ctx


def backend(request: Request) -> Backend:
    return request.app.state.ctx.backend


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (as FastAPI's HTTPBearer reads
    it); None for no header, another scheme or an empty token."""
    if not authorization:
        return None
    scheme, _sep, token = authorization.partition(" ")
    return token if scheme.lower() == "bearer" and token else None


class Guard(SecurityBase):
    """Dependency: the caller's identity, allowed to perform `action` (else 401/403).

    It is the bearer security scheme itself (so OpenAPI documents it as HTTPBearer) rather
    than a dependency on FastAPI's HTTPBearer: every nested dependency costs FastAPI's resolver
    more per request than the whole token check. It declares the scheme as HTTPBearer does
    (FastAPI knows a scheme by its `model` and `scheme_name`) without inheriting HTTPBearer's
    call, whose answer is the raw credentials rather than an Identity."""

    def __init__(self, action: str) -> None:
        self.model = HTTPBearerModel(description=BEARER_HELP)
        self.scheme_name = "HTTPBearer"
        self.action = action

    async def __call__(self, request: Request) -> Identity:
        token = bearer_token(request.headers.get("authorization"))
        who = await context(request).identify(token)
        request.state.operator = who.operator  # for the access log
        who.check(self.action)
        return who


def guard(action: str) -> Any:
    """The dependency that checks the caller may perform `action`; a route takes it as
    `who: Annotated[Identity, guard("...")]`, usually through an alias such as Reader."""
    return Depends(Guard(action))


Reader = Annotated[Identity, guard("read")]


class StaleVersion(Conflict):
    """A write with an If-Match that no longer matches (HTTP 412)."""


class PreconditionRequired(Invalid):
    """A write to a versioned resource without If-Match (HTTP 428)."""


def required_version(request: Request) -> int:
    raw = request.headers.get("if-match")
    if raw is None:
        raise PreconditionRequired("If-Match", _(
            "send If-Match with the version you edited (the ETag of your last read)"))
    version = parse_if_match(raw)
    if version is None:
        raise Invalid("If-Match", _("'{value}' is not a version such as \"3\"").format(
            value=raw[:40]))
    return version


def dump(obj: Any) -> bytes:
    """The JSON of an answer. A record, or a list of records of one kind, goes through its
    type's serializer (backends/record.py `adapter`): the same bytes in half the time of
    pydantic's inference over dataclasses (22 -> 10 us for ten customers), the largest
    single cost of a type-ahead answer. Anything else is inferred."""
    kind = type(obj)
    if kind is list and obj:
        kind = type(obj[0])
        if issubclass(kind, Record) and all(type(item) is kind for item in obj):
            return adapter(list.__class_getitem__(kind)).dump_json(obj)
    elif issubclass(kind, Record):
        return adapter(kind).dump_json(obj)
    return pydantic_core.to_json(obj)


def respond(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response; records with a version get it as their ETag."""
    headers = dict(headers or {})
    version = getattr(obj, "version", None)
    if isinstance(version, int):
        headers["ETag"] = etag(version)
    return Response(dump(obj), status, headers, media_type="application/json")


async def versioned(request: Request, write: Callable[[int], Awaitable[Any]],
                    reread: Callable[[], Awaitable[Any]]) -> Any:
    """Run `write(version)` with the If-Match version; a stale one becomes 412 with the record."""
    version = required_version(request)
    try:
        return await write(version)
    except NotFound:
        raise
    except Conflict as exc:
        current = exc.current
        if current is None:
            try:
                current = await reread()
            except NotFound:
                current = None
        if current is not None and getattr(current, "version", version) != version:
            raise StaleVersion(exc.message, current=current) from None
        raise


async def once(request: Request, who: Identity, work: Callable[[], Awaitable[Any]],
               status: int = 200, location: Callable[[Any], str] | None = None) -> Response:
    """Run a write; with an Idempotency-Key, at most once per key (a retry replays the result)."""
    ctx = context(request)

    key = request.headers.get(IDEMPOTENCY_HEADER)

    async def compute() -> Stored:
        # the backend marks the request in the write's own transaction, so a retry after a
        # crash between that commit and storing the answer is refused, not run again
        with applied_once(who.operator, key) if key is not None else nullcontext():
            result = await work()
        ctx.hub.poke()
        headers: dict[str, str] = {}
        version = getattr(result, "version", None)
        if isinstance(version, int):
            headers["ETag"] = etag(version)
        if location is not None:
            headers["Location"] = location(result)
        return Stored("", status, headers, dump(result))

    if key is None:
        stored, replayed = await compute(), False
    else:
        digest = request_hash(request.method, request.url.path, await request.body())
        stored, replayed = await ctx.idempotency.run(who.operator, key, digest, compute)
    headers = dict(stored.headers)
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return Response(stored.body, stored.status, headers, media_type="application/json")
