"""The server's own routes: who it is (meta), bulk load and integrity (admin), health.

Not a domain: these describe or look after the whole backend (docs/ARCHITECTURE.md). Health
answers need no token and say nothing personal.
"""

from __future__ import annotations

import logging
import os
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response

from backends.capabilities import Capability
from backends.domain_registry import DomainKey, registered
from backends.errors import Invalid, Unavailable
from backends.i18n import _
from backends.protocol import Backend
from backends.server.deps import Reader, backend, context, guard, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.policy import Identity
from backends.wire.meta import API_VERSION, BulkResult, Meta

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)
Admin = Annotated[Identity, guard("admin")]
health = APIRouter(tags=["health"])

log = logging.getLogger("centralino.server")

BULK_TABLES = frozenset({"customers", "tickets", "ticket_entries", "calls", "operators",
                         "directory", "dispositions", "transfers"})


@router.get("/meta", response_model=Meta, tags=["health"])
async def meta(request: Request, who: Reader) -> Response:
    store = backend(request)
    return respond(Meta(api=API_VERSION, backend=store.name,
                        capabilities=sorted(store.capabilities),
                        operator=who.operator, role=who.role.value, domains=served(store)))


def served(store: Backend) -> list[str]:
    """The registered domains `store` provides, in registration order."""
    names = []
    for parts in registered():
        try:
            store.domain(DomainKey(parts.name))
        except Unavailable:
            continue
        names.append(parts.name)
    return names


@router.post("/bulk/{table}", response_model=BulkResult, tags=["admin"])
async def bulk_load(table: Annotated[str, Path(max_length=40)],
                    rows: Annotated[list[dict[str, Any]], Body()],
                    request: Request, who: Admin) -> Response:
    if table not in BULK_TABLES:
        raise Invalid("table", _("no bulk load into '{table}'").format(table=table))
    store = backend(request)
    if Capability.BULK not in store.capabilities:
        raise Unavailable(_("the {name} backend has no bulk load").format(name=store.name))
    count = await store.bulk_load(table, rows)
    context(request).hub.poke()
    return respond(BulkResult(count=count))


@router.get("/integrity", response_model=list[str], tags=["admin"])
async def integrity(request: Request, who: Admin) -> Response:
    return respond(await backend(request).integrity_check())


@health.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive (no backend call, no token)."""
    return {"status": "ok"}


@health.get("/readyz", responses={503: {"description": "the backend does not answer"}})
async def readyz(request: Request) -> Response:
    """The backend answers a query and can be written: its file and folder on SQLite, a
    primary that is not read-only on PostgreSQL (no token needed, nothing personal
    returned)."""
    try:
        await backend(request).feed.last_event_id()
    except Exception as exc:  # any failure means not ready; the kind goes to the server log
        log.warning("not ready: %s", type(exc).__name__)
        return Response(b'{"status":"unavailable"}', 503, media_type="application/json")
    ctx = context(request)
    auth_db = ctx.config.auth_db
    if auth_db is not None:
        read_only = not _writable(auth_db)
    elif ctx.database_url is not None:  # PostgreSQL: a standby, or read-only by default
        from backends.server.pg_watch import accepts_writes

        read_only = not await accepts_writes(ctx.database_url)
    else:
        read_only = False
    if read_only:
        log.warning("not ready: the database or its folder is read-only")
        return Response(b'{"status":"read-only"}', 503, media_type="application/json")
    return Response(b'{"status":"ok"}', 200, media_type="application/json")


def _writable(db_path: os.PathLike[str]) -> bool:
    """Whether this process may write the database and its folder (two system calls: every
    write would fail with 503 otherwise, yet reads, and so the query above, still work)."""
    return (os.access(db_path, os.R_OK | os.W_OK)
            and os.access(os.path.dirname(os.path.abspath(db_path)), os.W_OK | os.X_OK))
