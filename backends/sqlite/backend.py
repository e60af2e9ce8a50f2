"""SqliteBackend: the embedded default store, one SQLite file shared by local processes."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from backends import phones, private_files
from backends.capabilities import ALL_CAPABILITIES, Capability
from backends.domain_registry import load, registered
from backends.errors import BackendError, Invalid, NotFound, Unavailable
from backends.i18n import _
from backends.lazy_services import LazyServices
from backends.served_domains import ServedDomains
from backends.sqlite import check, schema
from backends.sqlite.bulk import BulkMixin
from backends.sqlite.calls_storage import SqliteCallsStorage
from backends.sqlite.connection import (
    DEFAULT_BUSY_TIMEOUT_MS,
    DEFAULT_RETRIES,
    Store,
    open_configured,
)

if TYPE_CHECKING:
    from backends.backend_options import BackendOptions

FTS_TABLES = check.FTS_TABLES
T = TypeVar("T")


def _build_service(path: str, store: Store, region: str) -> object:
    """A domain's service over SQLite: its factory (an import path) called on the store."""
    return load(path)(store, region)


class SqliteBackend(ServedDomains, BulkMixin):
    """The local store. `SqliteBackend(path, region="IT")`, then `await backend.open()`.

    A set of domain services (`backend.calls`, `backend.customers`, …), each running its
    domain's rules over SQLite storage; the backend itself only opens, closes, loads in bulk
    and maintains the file (docs/ARCHITECTURE.md).

    `busy_timeout_ms` and `retries` bound how long a write waits for another process's lock
    (busy_timeout × retries) before it fails with Unavailable. `on_loop` runs reads and
    writes on the event loop's thread (the server) rather than on reader and write threads.
    """

    name: ClassVar[str] = "sqlite"
    capabilities: ClassVar[frozenset[Capability]] = ALL_CAPABILITIES

    def __init__(self, path: str | Path, region: str = "IT", *,
                 busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
                 retries: int = DEFAULT_RETRIES, on_loop: bool = False) -> None:
        region = (region or phones.DEFAULT_REGION).upper()
        if not phones.known_region(region):
            raise Invalid("region", _("'{region}' is not a country code such as IT, HU, RO, GB")
                          .format(region=region))
        self.path = Path(path).expanduser()
        self.region = region
        self._store = Store(self.path, busy_timeout_ms=busy_timeout_ms, retries=retries,
                            on_loop=on_loop)
        self._opened = False
        # public: a composed backend (rt) runs its own calls service over this storage
        self.calls_storage = SqliteCallsStorage(self._store)
        # every registered domain's service over SQLite storage (backends/domain_registry.py),
        # each built when first used (backends/lazy_services.py)
        self._services = LazyServices({
            parts.name: partial(_build_service, parts.sqlite, self._store, self.region)
            for parts in registered()})

    @classmethod
    def from_url(cls, url: str, options: BackendOptions) -> SqliteBackend:
        from backends.registry import sqlite_path

        return cls(sqlite_path(url), region=options.region)

    def __repr__(self) -> str:
        return f"SqliteBackend({str(self.path)!r}, region={self.region!r})"

    # -- lifecycle -------------------------------------------------------------------------
    async def open(self) -> None:
        if self._opened:
            return
        if self._store.closed:
            raise Unavailable(_("the database {path} is closed").format(path=self.path))
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self._open_sync)
        except BaseException:
            # not closed for good: a retry may find the file reachable (StartUp retries)
            await loop.run_in_executor(None, self._store.undo_start)
            raise
        self._opened = True

    def _open_sync(self) -> None:
        self._refuse_foreign_file()
        self._store.start()
        # look first without a lock: an up-to-date file opens even while another process writes
        if self._store.run_on_writer(schema.pending):
            self._store.run_on_writer(lambda conn: self._store.write_sync(schema.migrate))

    def _refuse_foreign_file(self) -> None:
        """Look at an existing file read-only before any pragma (WAL would change its header):
        another program's database is not ours to migrate."""
        if not self.path.is_file() or self.path.stat().st_size == 0:
            return
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return  # Store.start reports what is wrong, naming the file
        try:
            foreign = schema.foreign_tables(conn)
            check.refuse_newer(conn, self.path)  # a newer version's file is not ours either
        except sqlite3.Error:
            foreign = []
        finally:
            conn.close()
        if foreign:
            raise Invalid("database", _(
                "{path} is a SQLite database of another program; choose a new file").format(
                path=self.path))

    async def close(self) -> None:
        if self._store.closed:
            return
        self._store.close_inline_lookups()
        await asyncio.get_running_loop().run_in_executor(None, self._store.stop)

    async def __aenter__(self) -> SqliteBackend:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- for a backend that keeps tables of its own in this file (the rt backend) ----------------
    async def run_write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction on this file (its events go in it too)."""
        return await self._store.write(work)

    async def run_read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one read transaction on this file."""
        return await self._store.read(work)

    # -- maintenance -----------------------------------------------------------------------
    async def integrity_check(self) -> list[str]:
        def run(conn: sqlite3.Connection) -> list[str]:
            return check.table_problems(conn) + check.index_problems(conn)

        return await self._store.write(run)

    async def backup(self, target: str | Path, *, overwrite: bool = False) -> Path:
        """Copy the database to `target` with SQLite's online backup API (consistent even
        while others write; never a file copy). Refuses to replace a file unless asked, and
        to write through a symbolic link. The copy is made in a new private file (0600,
        created exclusively) beside `target` and renamed onto it once complete."""
        destination = Path(target).expanduser()
        private_files.refuse_symlink(destination, "target")
        if destination.resolve() == self.path.resolve():
            raise Invalid("target", _("a backup cannot overwrite the database itself"))
        if destination.exists() and not overwrite:
            raise Invalid("target", _("{path} already exists").format(path=destination))
        if overwrite and Path(f"{destination}-wal").exists():
            raise Invalid("target", _("{path} is in use (it has a -wal file); choose another "
                                      "name").format(path=destination))

        def copy(conn: sqlite3.Connection) -> Path:
            try:
                private_files.make_private_dir(destination.parent)
                with private_files.private_output(destination, what="target",
                                                  overwrite=overwrite) as (fd, temp):
                    os.close(fd)
                    # the copy gets every connection's pragmas: WAL, synchronous=FULL (it is
                    # on disk when this returns), busy_timeout, foreign_keys
                    out = open_configured(temp, self._store.busy_timeout_ms)
                    try:
                        conn.backup(out)
                    finally:
                        out.close()  # the last connection: checkpoints, so the copy is one file
            except (OSError, Unavailable) as exc:
                why = exc.message if isinstance(exc, BackendError) else exc.strerror or exc
                raise Unavailable(_("cannot write the backup {path}: {why}").format(
                    path=destination, why=why)) from None
            return destination

        return await self._store.read(copy)

    async def connection_pragmas(self) -> dict[str, dict[str, Any]]:
        """Pragmas as the write connection and a read connection see them (diagnostics)."""
        from backends.sqlite.connection import read_pragmas

        loop = asyncio.get_running_loop()
        writer = await loop.run_in_executor(
            None, self._store.run_on_writer, read_pragmas)
        reader = await self._store.read(read_pragmas)
        return {"write": writer, "read": reader}

    async def generation(self, name: str) -> int:
        """The generation of a group of tables (schema migration 0005): it changes with
        every committed change to them, so an answer built from them is right while it holds."""
        def read(conn: sqlite3.Connection) -> int:
            row = conn.execute("SELECT n FROM generations WHERE name = ?", [name]).fetchone()
            if row is None:
                raise NotFound(_("no generation '{name}'").format(name=name))
            return int(row[0])

        return await self._store.read(read, lookup=True)

    async def schema_migrations(self) -> list[str]:
        """Names of the migrations applied to this file, oldest first."""
        return await self._store.read(schema.applied)
