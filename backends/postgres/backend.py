"""PostgresBackend: the store for several servers, `postgresql://user@host:port/db`
(docs/ARCHITECTURE.md). Every registered domain with a `postgres=` part is its service over
PostgreSQL storage; the rules stay the services'. Migrations run on open, idempotent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from backends import phones
from backends.capabilities import ALL_CAPABILITIES, Capability
from backends.domain_registry import DomainParts, load, registered
from backends.errors import Invalid, NotFound, Unavailable
from backends.i18n import _
from backends.postgres import check, schema
from backends.postgres.coalesce import Coalesced
from backends.postgres.connection import DEFAULT_POOL_SIZE, PgStore, masked
from backends.served_domains import ServedDomains

if TYPE_CHECKING:
    from backends.backend_options import BackendOptions


def _module_migrations(parts: DomainParts) -> list[schema.Migration]:
    """The `MIGRATIONS` of the module a domain's `postgres=` path names, if any, recorded as
    "<domain>.<name>" (as on SQLite)."""
    import importlib

    module = importlib.import_module(parts.postgres.partition(":")[0])
    return [(f"{parts.name}.{name}", statements)
            for name, statements in getattr(module, "MIGRATIONS", [])]


class PostgresBackend(ServedDomains):
    """`PostgresBackend("postgresql://user@host/db", region="IT")`, then `await open()`."""

    name: ClassVar[str] = "postgresql"
    capabilities: ClassVar[frozenset[Capability]] = ALL_CAPABILITIES - {Capability.BULK}

    def __init__(self, url: str, region: str = "IT", *,
                 pool_size: int = DEFAULT_POOL_SIZE) -> None:
        region = (region or phones.DEFAULT_REGION).upper()
        import phonenumbers

        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise Invalid("region", _("'{region}' is not a country code such as IT, HU, RO, GB")
                          .format(region=region))
        self.url = url
        self.region = region
        self._store = PgStore(url, pool_size=pool_size)
        self._opened = False
        self._generations: tuple[asyncio.AbstractEventLoop, Coalesced[dict[str, int]]] | None = None
        self._parts = [p for p in registered() if p.postgres]
        self._services: dict[str, object] = {
            parts.name: load(parts.postgres)(self._store, self.region) for parts in self._parts}

    @classmethod
    def from_url(cls, url: str, options: BackendOptions) -> PostgresBackend:
        if options.password or options.user:
            from psycopg.conninfo import make_conninfo

            extra = {k: v for k, v in (("user", options.user),
                                        ("password", options.password)) if v}
            url = make_conninfo(url, **extra)
        return cls(url, region=options.region)

    def __repr__(self) -> str:
        return f"PostgresBackend({masked(self.url)!r}, region={self.region!r})"

    @property
    def store(self) -> PgStore:
        """The connection pool (the server keeps its tokens and marks in this database)."""
        return self._store

    # -- lifecycle -------------------------------------------------------------------------
    async def open(self) -> None:
        if self._opened:
            return
        if self._store.closed:
            raise Unavailable(_("the database {url} is closed").format(url=masked(self.url)))
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self._open_sync)
        except BaseException:
            await loop.run_in_executor(None, self._store.stop)
            raise
        reads = self._store.loop_reads
        if reads is not None:
            reads.bind(loop)  # its one-statement reads run on this loop (loop_reads.py)
        self._opened = True

    def _open_sync(self) -> None:
        self._store.start()
        extra = [m for parts in self._parts for m in _module_migrations(parts)]
        known = [name for name, _sql in (*schema.CORE, *extra)]
        newer = self._store.run_outside(lambda conn: schema.unknown_migrations(conn, known))
        if newer:
            raise Invalid("database", _(
                "{url} was written by a newer version of Centralino (migrations {names}); "
                "upgrade this one").format(url=masked(self.url), names=", ".join(newer)))
        self._store.run_outside(lambda conn: schema.migrate(conn, extra))

    async def close(self) -> None:
        if self._store.closed:
            return
        await self._store.close_loop_reads()
        await asyncio.get_running_loop().run_in_executor(None, self._store.stop)

    async def __aenter__(self) -> PostgresBackend:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- bulk ------------------------------------------------------------------------------
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Not on PostgreSQL yet (no "bulk" capability): seed SQLite, then `centralino db
        copy` it here."""
        raise Unavailable(_("the {backend} backend has no {capability}").format(
            backend=self.name, capability="bulk"))

    # -- maintenance -----------------------------------------------------------------------
    async def integrity_check(self) -> list[str]:
        return await self._store.read(check.problems)

    async def generation(self, name: str) -> int:
        """The generation of a group of tables (schema.py): it changes with every committed
        change to them, in their own transaction. Read after the call began; concurrent
        callers share one statement reading them all (coalesce.py)."""
        loop = asyncio.get_running_loop()
        if self._generations is None or self._generations[0] is not loop:
            self._generations = (loop, Coalesced(self._all_generations))
        found = (await self._generations[1].get()).get(name)
        if found is None:
            raise NotFound(_("no generation '{name}'").format(name=name))
        return found

    async def _all_generations(self) -> dict[str, int]:
        return await self._store.statement(lambda conn: {
            r["name"]: int(r["n"]) for r in conn.execute("SELECT name, n FROM generations")})

    async def schema_migrations(self) -> list[str]:
        """Names of the migrations applied to this database, oldest first."""
        return await self._store.read(schema.applied)
