"""The domains of the house and, by import path, what serves each one: its service on SQLite,
its router on our server, its client over HTTP. One `register` line per domain, at the end of
this module; SqliteBackend, the server's app and HttpBackend read it, and import a part only
when they build it, so no layer imports another (docs/ARCHITECTURE.md, "Adding a domain").

A domain outside the six typed attributes of `Backend` is reached with a typed key:
`backend.domain(CALLBACKS)`, where `CALLBACKS: DomainKey[Callbacks] = DomainKey("callbacks")`
sits in the domain's own `api.py`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from backends.errors import Unavailable
from backends.i18n import _

T = TypeVar("T")


@dataclass(frozen=True)
class DomainKey(Generic[T]):
    """A domain's name, typed by its interface (`DomainKey[Calls]`), so `backend.domain(key)`
    is typed as that interface."""

    name: str


@dataclass(frozen=True)
class DomainParts:
    """Import paths ("package.module:name") of one domain's parts:

    - `sqlite`: a function `(store: backends.sqlite.connection.Store, region: str)` returning
      the domain's service over SQLite storage;
    - `router`: the server's `fastapi.APIRouter` for the domain;
    - `http`: the client class, built as `cls(connection: backends.http.connection.Connection)`;
    - `migrations` (optional): a sequence of `(name, function(sqlite_utils.Database))` pairs,
      the domain's SQLite tables, applied after the core schema in registration order and
      recorded as "<domain>.<name>";
    - `actions` (optional): a mapping of the server's action names the domain's routes check
      (`who.check("callback.work")`) to the roles allowed them; an action no one lists is
      refused;
    - `postgres` (optional): a function `(store: backends.postgres.connection.PgStore,
      region: str)` returning the service over PostgreSQL storage; its module may hold
      `MIGRATIONS`, a list of (name, SQL statements), the domain's PostgreSQL tables, applied
      on open after the core schema. "" when the domain has none (the PostgreSQL backend then
      does not serve it).
    """

    name: str
    sqlite: str
    router: str
    http: str
    migrations: str = ""
    actions: str = ""
    postgres: str = ""


_DOMAINS: dict[str, DomainParts] = {}
_changes = [0]


def register(parts: DomainParts) -> None:
    """Add (or replace) a domain; the order of registration is the order it is served in."""
    _DOMAINS[parts.name] = parts
    _changes[0] += 1


def unregister(name: str) -> None:
    _DOMAINS.pop(name, None)
    _changes[0] += 1


def registered() -> tuple[DomainParts, ...]:
    return tuple(_DOMAINS.values())


def generation() -> int:
    """Changes with every register/unregister, for caches of what the domains declare."""
    return _changes[0]


def load(path: str) -> Any:
    """The object an import path names ("package.module:name")."""
    module, _sep, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def service_of(services: Mapping[str, object], key: DomainKey[T], backend_name: str) -> T:
    """`key`'s service among a backend's `services`; Unavailable when it has none."""
    try:
        service = services[key.name]
    except KeyError:
        raise Unavailable(_("the {backend} backend has no {domain}").format(
            backend=backend_name, domain=key.name)) from None
    return cast(T, service)  # built from the parts registered under key.name


# the domains, in the order they are served (OpenAPI order on the server)
register(DomainParts("customers", sqlite="backends.sqlite.customers_storage:service",
                     router="backends.server.routes_customers:router",
                     http="backends.http.customers:HttpCustomers",
                     postgres="backends.postgres.customers_storage:service"))
register(DomainParts("tickets", sqlite="backends.sqlite.tickets_storage:service",
                     router="backends.server.routes_tickets:router",
                     http="backends.http.tickets:HttpTickets",
                     postgres="backends.postgres.tickets_storage:service"))
register(DomainParts("calls", sqlite="backends.sqlite.calls_storage:service",
                     router="backends.server.routes_calls:router",
                     http="backends.http.calls:HttpCalls",
                     postgres="backends.postgres.calls_storage:service"))
register(DomainParts("people", sqlite="backends.sqlite.people_storage:service",
                     router="backends.server.routes_people:router",
                     http="backends.http.people:HttpPeople",
                     migrations="backends.sqlite.people_migrations:MIGRATIONS",
                     postgres="backends.postgres.people_storage:service"))
register(DomainParts("transfers", sqlite="backends.sqlite.transfers_storage:service",
                     router="backends.server.routes_transfers:router",
                     http="backends.http.transfers:HttpTransfers",
                     postgres="backends.postgres.transfers_storage:service"))
register(DomainParts("feed", sqlite="backends.sqlite.events:service",
                     router="backends.server.routes_feed:router",
                     http="backends.http.feed:HttpFeed",
                     postgres="backends.postgres.events:service"))
register(DomainParts("training", sqlite="backends.sqlite.training_storage:service",
                     router="backends.server.routes_training:router",
                     http="backends.http.training:HttpTraining",
                     migrations="backends.sqlite.training_migrations:MIGRATIONS",
                     actions="backends.server.routes_training:ACTIONS",
                     postgres="backends.postgres.training_storage:service"))
register(DomainParts("callbacks", sqlite="backends.sqlite.callbacks_storage:service",
                     router="backends.server.routes_callbacks:router",
                     http="backends.http.callbacks:HttpCallbacks",
                     migrations="backends.sqlite.callbacks_migrations:MIGRATIONS",
                     actions="backends.server.routes_callbacks:ACTIONS",
                     postgres="backends.postgres.callbacks_storage:service"))
register(DomainParts("surveys", sqlite="backends.sqlite.surveys_storage:service",
                     router="backends.server.routes_surveys:router",
                     http="backends.http.surveys:HttpSurveys",
                     migrations="backends.sqlite.surveys_migrations:MIGRATIONS",
                     actions="backends.server.routes_surveys:ACTIONS",
                     postgres="backends.postgres.surveys_storage:service"))
register(DomainParts("campaigns", sqlite="backends.sqlite.campaigns_storage:service",
                     router="backends.server.routes_campaigns:router",
                     http="backends.http.campaigns:HttpCampaigns",
                     migrations="backends.sqlite.campaigns_migrations:MIGRATIONS",
                     actions="backends.server.routes_campaigns:ACTIONS",
                     postgres="backends.postgres.campaigns_storage:service"))
register(DomainParts("messages", sqlite="backends.sqlite.messages_storage:service",
                     router="backends.server.routes_messages:router",
                     http="backends.http.messages:HttpMessages",
                     migrations="backends.sqlite.messages_migrations:MIGRATIONS",
                     actions="backends.server.routes_messages:ACTIONS",
                     postgres="backends.postgres.messages_storage:service"))
register(DomainParts("parking", sqlite="backends.sqlite.parking_storage:service",
                     router="backends.server.routes_parking:router",
                     http="backends.http.parking:HttpParking",
                     migrations="backends.sqlite.parking_migrations:MIGRATIONS",
                     actions="backends.server.routes_parking:ACTIONS",
                     postgres="backends.postgres.parking_storage:service"))
register(DomainParts("scripts", sqlite="backends.sqlite.scripts_storage:service",
                     router="backends.server.routes_scripts:router",
                     http="backends.http.scripts:HttpScripts",
                     migrations="backends.sqlite.scripts_migrations:MIGRATIONS",
                     actions="backends.server.routes_scripts:ACTIONS",
                     postgres="backends.postgres.scripts_storage:service"))
register(DomainParts("appointments", sqlite="backends.sqlite.appointments_storage:service",
                     router="backends.server.routes_appointments:router",
                     http="backends.http.appointments:HttpAppointments",
                     migrations="backends.sqlite.appointments_migrations:MIGRATIONS",
                     actions="backends.server.routes_appointments:ACTIONS",
                     postgres="backends.postgres.appointments_storage:service"))
