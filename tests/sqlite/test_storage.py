"""SQLite storage rules: pragmas on every connection, idempotent migrations, clear errors for
bad files and places, backups, and an import that stays free of httpx and textual."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.errors import Invalid, Unavailable
from backends.registry import BackendOptions, create_backend
from backends.sqlite import SqliteBackend, schema
from backends.sqlite.connection import Store
from backends.tickets.inputs import TicketDraft

EXPECTED = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}


def _schema_of(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT name, COALESCE(sql, '') FROM sqlite_master"))
    finally:
        conn.close()


async def test_pragmas_on_write_and_every_read_connection(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "store.db") as backend:
        seen = await backend.connection_pragmas()
        # several reads at once spread over the reader threads, each its own connection
        import asyncio

        readers = await asyncio.gather(*[backend._store.read(_pragmas_slowly)
                                         for _ in range(6)])
    for pragmas in [seen["write"], seen["read"], *readers]:
        assert {k: pragmas[k] for k in EXPECTED} == EXPECTED
        assert pragmas["busy_timeout"] >= 5000
    assert len({r["thread"] for r in readers}) > 1


def _pragmas_slowly(conn: sqlite3.Connection) -> dict[str, object]:
    import threading
    import time

    from backends.sqlite.connection import read_pragmas

    time.sleep(0.05)
    return {**read_pragmas(conn), "thread": threading.get_ident()}


async def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    async with SqliteBackend(path) as backend:
        applied = await backend.schema_migrations()
        await backend.customers.create_customer(
            CustomerDraft(name="Anna Bianchi", phones=["+390612345678"])
        )
    first = _schema_of(path)
    async with SqliteBackend(path) as backend:
        assert await backend.schema_migrations() == applied
        assert [c.name for c in await backend.customers.search_customers("bianchi")] == [
            "Anna Bianchi"
        ]
    assert _schema_of(path) == first
    assert applied == [m.name for m in schema.migrations._migrations]


async def test_an_old_file_is_brought_up_to_date(tmp_path: Path) -> None:
    """A file made by the first two migrations (phones table WITHOUT ROWID, wider FTS) gets
    the third on open, keeps its data and its lookups work."""
    path = tmp_path / "old.db"
    store = Store(path)
    store.start()
    try:
        def old_schema(conn: sqlite3.Connection) -> None:
            db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
            schema.migrations.ensure_migrations_table(db)
            for migration in schema.migrations._migrations[:2]:
                migration.fn(db)
                schema.migrations._record_applied(db, migration.name)
            conn.execute("INSERT INTO customers (id, code, name, phones, created_at, updated_at) "
                         "VALUES (1, 'C0000001', 'Ilona Szabó', '[\"+3612345678\"]', "
                         "'2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')")
            conn.execute("INSERT INTO customer_phones VALUES ('+3612345678', 1, '8765432163')")

        store.run_on_writer(lambda conn: store.write_sync(old_schema))
    finally:
        store.stop()
    async with SqliteBackend(path) as backend:
        assert len(await backend.schema_migrations()) == len(schema.migrations._migrations)
        assert [
            c.id for c in await backend.customers.find_customers_by_phone("+36 1 234 5678")
        ] == [1]
        assert [c.id for c in await backend.customers.search_customers("szabo")] == [1]
        assert await backend.integrity_check() == []


async def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a shopping list, not a database.\n" * 200)
    with pytest.raises(Invalid) as info:
        await SqliteBackend(path).open()
    assert str(path) in info.value.message
    assert "not" in info.value.message
    assert path.read_bytes().startswith(b"This is a shopping list")  # left untouched


async def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "accounts.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL)")
    other.commit()
    other.close()
    with pytest.raises(Invalid) as info:
        await SqliteBackend(path).open()
    assert str(path) in info.value.message and "another program" in info.value.message
    assert [name for name, _sql in _schema_of(path)] == ["ledger"]
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not even WAL
    check.close()


async def test_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    path = blocker / "sub" / "store.db"
    with pytest.raises(Unavailable) as info:
        await SqliteBackend(path).open()
    assert str(path) in info.value.message


async def test_a_folder_in_place_of_the_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Invalid) as info:
        await SqliteBackend(tmp_path).open()
    assert str(tmp_path) in info.value.message


async def test_lock_held_past_the_timeout_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    async with SqliteBackend(path):
        pass
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        backend = SqliteBackend(path, busy_timeout_ms=100, retries=2)
        await backend.open()  # nothing to migrate: opening needs no lock held for long
        with pytest.raises(Unavailable) as info:
            await backend.tickets.create_ticket(TicketDraft(subject="Printer"))
        assert str(path) in info.value.message and "locked" in info.value.message
        assert await backend.tickets.list_tickets() == []  # reads still work under WAL
        await backend.close()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


async def test_closed_backend_answers_unavailable(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "store.db")
    await backend.open()
    await backend.close()
    await backend.close()  # twice is fine
    with pytest.raises(Unavailable):
        await backend.customers.get_customer(1)


async def test_from_url_uses_path_and_region(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.db"
    backend = create_backend(f"sqlite:///{path}", BackendOptions(region="HU"))
    assert isinstance(backend, SqliteBackend) and backend.path == path
    async with backend:
        created = await backend.customers.create_customer(CustomerDraft(name="Kiss Anna"))
        changed = await backend.customers.update_customer(created.id, created.version,
                                                          _changes(phones=["06 30 123 4567"]))
    assert changed.phones == ["+36301234567"]  # national format read as Hungarian
    assert path.exists()


def _changes(**fields: object) -> CustomerChanges:
    """Unvalidated changes: the model alone would read the number with the global region."""
    return CustomerChanges.model_construct(_fields_set=set(fields), **fields)


async def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "store.db") as backend:
        ticket = await backend.tickets.create_ticket(
            TicketDraft(subject="Copy me", body="first note")
        )
        target = await backend.backup(tmp_path / "backups" / "copy.db")
        with pytest.raises(Invalid):
            await backend.backup(target)  # never replaces a file unless asked
    async with SqliteBackend(target) as copy:
        assert (await copy.tickets.get_ticket(ticket.id)).subject == "Copy me"
        assert await copy.integrity_check() == []


def test_import_pulls_in_neither_httpx_nor_textual() -> None:
    code = ("import backends.sqlite, sys; "
            "assert 'httpx' not in sys.modules and 'textual' not in sys.modules, "
            "sorted(m for m in sys.modules if m.startswith(('httpx', 'textual')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


async def test_a_database_that_could_not_be_opened_opens_on_a_retry(tmp_path: Path) -> None:
    """The console retries opening a store it could not reach (screens/calls/start_up.py):
    a first open that failed (here its folder's place is taken by a file, as by a network
    share not mounted yet) must not leave the backend closed for good."""
    blocker = tmp_path / "share"
    blocker.write_text("not a folder yet")
    backend = SqliteBackend(blocker / "centralino.db")
    with pytest.raises(Unavailable):
        await backend.open()
    blocker.unlink()
    blocker.mkdir()
    await backend.open()  # said "the database … is closed" before
    try:
        assert await backend.people.list_dispositions()
        assert await backend.customers.search_customers("anyone") == []
    finally:
        await backend.close()
