"""People over HTTP: operators and their presence, the company directory, dispositions.

One router per domain (docs/ARCHITECTURE.md); it talks to the backend's `people`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from backends.errors import Forbidden, Invalid, NotFound
from backends.i18n import _
from backends.people.api import People
from backends.people.models import DirectoryEntry, Disposition, Operator, Role
from backends.server.deps import Reader, backend, context, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import Id
from backends.server.policy import Identity
from backends.wire.people import DirectoryPresenceRequest, HeartbeatRequest, PresenceRequest

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)
PresenceOwner = Annotated[Identity, guard("presence.own")]
OperatorManager = Annotated[Identity, guard("operator.manage")]
DirectoryWriter = Annotated[Identity, guard("directory.write")]
DispositionManager = Annotated[Identity, guard("disposition.manage")]
Name = Annotated[str, Path(min_length=1, max_length=40)]
DIRECTORY_QUERY_MAX = 200  # characters of a directory filter


def people(request: Request) -> People:
    return backend(request).people


# ---------------------------------------------------------------------------------- operators
@router.get("/operators", response_model=list[Operator], tags=["operators"])
async def list_operators(request: Request, who: Reader) -> Response:
    return respond(await people(request).list_operators())


@router.get("/operators/{name}", response_model=Operator, tags=["operators"])
async def get_operator(name: Name, request: Request, who: Reader) -> Response:
    return respond(await people(request).get_operator(name))


@router.put("/operators/{name}", response_model=Operator, tags=["operators"])
async def upsert_operator(name: Name, operator: Operator, request: Request,
                          who: OperatorManager) -> Response:
    if operator.name != name:
        raise Invalid("name", _("the body names '{body}' but the URL '{url}'").format(
            body=operator.name, url=name))
    if who.role is not Role.ADMIN:
        try:
            existing: Role | None = (await people(request).get_operator(name)).role
        except NotFound:
            existing = None
        if Role.ADMIN in (operator.role, existing):
            raise Forbidden(_("only an admin may grant, change or remove the admin role"))
    async def save() -> Operator:
        saved = await people(request).upsert_operator(operator)
        context(request).forget_role(name)  # a changed role applies from the next request
        return saved

    return await once(request, who, save)


@router.put("/operators/{name}/presence", response_model=Operator, tags=["operators"])
async def set_presence(name: Name, body: PresenceRequest, request: Request,
                       who: PresenceOwner) -> Response:
    who.acts_as(name)
    return await once(request, who, lambda: people(request).set_presence(
        name, body.presence, body.reason, body.back_at))


@router.post("/operators/{name}/heartbeat", response_model=list[str], tags=["operators"])
async def heartbeat(name: Name, body: HeartbeatRequest, request: Request,
                    who: PresenceOwner) -> Response:
    """The console of `name` is alive; the colleagues signed out for silence are answered."""
    who.acts_as(name)
    return respond(await people(request).heartbeat(name, body.every))


# ---------------------------------------------------------------------------------- directory
@router.get("/directory", response_model=list[DirectoryEntry], tags=["directory"])
async def list_directory(request: Request, who: Reader,
                         q: Annotated[str, Query(max_length=DIRECTORY_QUERY_MAX)] = ""
                         ) -> Response:
    return respond(await people(request).list_directory(q))


@router.post("/directory", response_model=DirectoryEntry, tags=["directory"])
async def upsert_directory_entry(entry: DirectoryEntry, request: Request,
                                 who: DirectoryWriter) -> Response:
    """Create (no id) or replace (with id) a directory entry."""
    return await once(request, who, lambda: people(request).upsert_directory_entry(entry))


@router.put("/directory/{entry_id}/presence", response_model=DirectoryEntry, tags=["directory"])
async def set_directory_presence(entry_id: Id, body: DirectoryPresenceRequest, request: Request,
                                 who: DirectoryWriter) -> Response:
    return await once(request, who, lambda: people(request).set_directory_presence(
        entry_id, body.presence, body.note, body.back_at))


# ---------------------------------------------------------------------------------- dispositions
@router.get("/dispositions", response_model=list[Disposition], tags=["dispositions"])
async def list_dispositions(request: Request, who: Reader) -> Response:
    return respond(await people(request).list_dispositions())


@router.put("/dispositions/{code}", response_model=Disposition, tags=["dispositions"])
async def upsert_disposition(code: Annotated[str, Path(min_length=1, max_length=30)],
                             disposition: Disposition, request: Request,
                             who: DispositionManager) -> Response:
    if disposition.code != code:
        raise Invalid("code", _("the body names '{body}' but the URL '{url}'").format(
            body=disposition.code, url=code))
    return await once(request, who, lambda: people(request).upsert_disposition(disposition))
