"""bulk_load: the seeder's fast path. Rows are trusted (already validated by the caller).

One BEGIN IMMEDIATE transaction per call; executemany in batches; the full-text triggers of
the table are dropped during the load and the new rows indexed once at the end, then the
triggers come back. One "bulk.loaded" event, not one per row.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from enum import Enum
from itertools import islice
from typing import Any

from backends.customers.rules import auto_code
from backends.errors import Invalid
from backends.i18n import _
from backends.search_text import name_terms
from backends.sqlite import rows
from backends.sqlite.base import SqliteBase
from backends.sqlite.events import append_event
from backends.sqlite.schema import CUSTOMER_FTS_COLUMNS as CUSTOMER_FTS_COLUMN_NAMES

BATCH = 20_000
CUSTOMER_FTS_COLUMNS = ", ".join(CUSTOMER_FTS_COLUMN_NAMES)
# secondary indexes rebuilt by one sort after a customer load instead of row by row
PAUSED_INDEXES = ("customers_email", "customer_phones_e164", "customer_phones_rev")


def _batches(items: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _text(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _ts(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return rows.to_ts(value)


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


class _FtsPaused:
    """Drop a table's FTS triggers; on exit index rows with id >= first_id and restore them."""

    def __init__(self, conn: sqlite3.Connection, table: str, fts: str, columns: str) -> None:
        self.conn, self.table, self.fts, self.columns = conn, table, fts, columns
        self.first_id = _next_id(conn, table)
        self.triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "AND name IN (?, ?, ?)", [table, f"{table}_ai", f"{table}_ad", f"{table}_au"]
        ).fetchall()

    def __enter__(self) -> _FtsPaused:
        for name, _sql in self.triggers:
            self.conn.execute(f"DROP TRIGGER {name}")
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.conn.execute(
                f"INSERT INTO {self.fts} (rowid, {self.columns}) "
                f"SELECT id, {self.columns} FROM {self.table} WHERE id >= ?", [self.first_id])
        for _name, sql in self.triggers:
            self.conn.execute(sql)


class _GenerationsPaused:
    """Drop the triggers that raise generations (schema migration 0005) while loading,
    which would run them once a row, and raise every generation once at the end."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE '%\\_generation' ESCAPE '\\'").fetchall()

    def __enter__(self) -> _GenerationsPaused:
        for name, _sql in self.triggers:
            self.conn.execute(f"DROP TRIGGER {name}")
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            return  # the load's ROLLBACK brings the triggers back (and SQLite may have rolled
            # back already, where creating them again would hide the real error)
        for _name, sql in self.triggers:
            self.conn.execute(sql)
        self.conn.execute("UPDATE generations SET n = n + 1")


class _IndexesPaused:
    """Drop the named indexes while loading; rebuild each with one sort at the end."""

    def __init__(self, conn: sqlite3.Connection, names: tuple[str, ...]) -> None:
        self.conn = conn
        self.saved = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND name IN ({rows.placeholders(names)})", list(names)).fetchall()

    def __enter__(self) -> _IndexesPaused:
        for name, _sql in self.saved:
            self.conn.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, *exc: object) -> None:
        for _name, sql in self.saved:
            self.conn.execute(sql)


class _ListJson:
    """JSON text of short string lists (tags), memoised: a seed repeats a few dozen lists a
    million times. Bounded, so an import with a distinct list per row cannot grow it."""

    LIMIT = 4096

    def __init__(self) -> None:
        self.known: dict[tuple[str, ...], str] = {(): "[]"}

    def __call__(self, values: Iterable[str] | None) -> str:
        key = tuple(values) if values else ()
        text = self.known.get(key)
        if text is None:
            text = rows.dumps(list(key))
            if len(self.known) < self.LIMIT:
                self.known[key] = text
        return text


def _terms_of(texts: Iterable[str]) -> list[str]:
    """The fuzzy fallback's vocabulary from distinct names and companies (names repeat: a
    million customers hold a few tens of thousands of distinct names)."""
    return sorted(name_terms({word for text in texts for word in text.split()}))


def _customer_batch(batch: list[dict[str, Any]], first_id: int, tags_json: _ListJson,
                    texts: set[str]) -> tuple[list[tuple[Any, ...]], list[tuple[str, int, str]]]:
    """(customer rows, phone rows) of one batch; adds names and companies to `texts`."""
    now = rows.now_ts()
    customer_rows = []
    phone_rows = []
    add_text = texts.add
    e164_list = rows.e164_list
    customer_id = first_id - 1
    for item in batch:
        customer_id += 1
        get = item.get
        numbers: list[str] = get("phones") or []
        if len(numbers) > 1:
            numbers = list(dict.fromkeys(numbers))
        consent = get("consent") or {}
        if not isinstance(consent, dict):
            consent = consent.model_dump()
        email = get("email")
        name = item["name"]
        company = get("company")
        created = get("created_at")
        updated = get("updated_at")
        customer_rows.append((
            customer_id, get("code") or auto_code(customer_id), name, company,
            email.lower() if email else None, get("language") or "en",
            e164_list(numbers), tags_json(get("tags")),
            1 if consent.get("marketing") else 0, 1 if consent.get("recording") else 0,
            get("notes") or "", _ts(created) or now if created else now,
            _ts(updated) or now if updated else now))
        for number in numbers:
            phone_rows.append((number, customer_id, number[:0:-1]))
        add_text(name)
        if company:
            add_text(company)
    return customer_rows, phone_rows


def load_customers(conn: sqlite3.Connection, items: Iterable[dict[str, Any]]) -> int:
    count = 0
    texts: set[str] = set()
    tags_json = _ListJson()
    with _FtsPaused(conn, "customers", "customers_fts", CUSTOMER_FTS_COLUMNS) as paused, \
            _IndexesPaused(conn, PAUSED_INDEXES):
        next_id = paused.first_id
        for batch in _batches(items):
            customer_rows, phone_rows = _customer_batch(batch, next_id, tags_json, texts)
            next_id += len(batch)
            conn.executemany(
                "INSERT INTO customers (id, code, name, company, email, language, phones, tags, "
                "consent_marketing, consent_recording, notes, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", customer_rows)
            conn.executemany("INSERT INTO customer_phones (e164, customer_id, rev) "
                             "VALUES (?, ?, ?)", phone_rows)
            count += len(batch)
    conn.executemany("INSERT OR IGNORE INTO customer_terms (term) VALUES (?)",
                     [(t,) for t in _terms_of(texts)])
    return count


def load_tickets(conn: sqlite3.Connection, items: Iterable[dict[str, Any]]) -> int:
    count = 0
    with _FtsPaused(conn, "tickets", "tickets_fts", "subject") as paused, \
            _FtsPaused(conn, "ticket_entries", "ticket_entries_fts", "body"):
        next_id = paused.first_id
        for batch in _batches(items):
            now = rows.now_ts()
            ticket_rows = []
            entry_rows = []
            for item in batch:
                ticket_id = int(item.get("id") or next_id)
                next_id = max(next_id, ticket_id) + 1
                created = _ts(item.get("created_at")) or now
                ticket_rows.append((
                    ticket_id, item.get("customer_id"), item["subject"],
                    _text(item.get("category") or "information"),
                    _text(item.get("priority") or "normal"), _text(item.get("status") or "new"),
                    int(item.get("tier") or 1), item.get("assignee"), _ts(item.get("due_at")),
                    rows.dumps(list(item.get("tags") or [])), created,
                    _ts(item.get("updated_at")) or created))
                for entry in item.get("entries") or []:
                    entry_rows.append((ticket_id, _text(entry.get("kind") or "note"),
                                       entry.get("author"), entry["body"],
                                       _ts(entry.get("created_at")) or created))
            conn.executemany(
                "INSERT INTO tickets (id, customer_id, subject, category, priority, status, tier, "
                "assignee, due_at, tags, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", ticket_rows)
            conn.executemany(
                "INSERT INTO ticket_entries (ticket_id, kind, author, body, created_at) "
                "VALUES (?, ?, ?, ?, ?)", entry_rows)
            count += len(batch)
    return count


def load_calls(conn: sqlite3.Connection, items: Iterable[dict[str, Any]]) -> int:
    count = 0
    next_id = _next_id(conn, "calls")
    for batch in _batches(items):
        now = rows.now_ts()
        call_rows = []
        links: list[tuple[int, int]] = []
        for item in batch:
            call_id = next_id
            next_id += 1
            call_rows.append((
                call_id, _text(item.get("channel") or "voice"),
                _text(item.get("direction") or "inbound"), item["caller"],
                item.get("customer_id"), item.get("queue") or "general",
                int(item.get("priority") or 0), int(bool(item.get("vip"))),
                _text(item.get("state") or "waiting"), _ts(item.get("arrived_at")) or now,
                _ts(item.get("answered_at")), _ts(item.get("ended_at")), item.get("operator"),
                item.get("disposition"), item.get("notes") or "", item.get("handover_note")))
            links.extend((call_id, t) for t in item.get("ticket_ids") or [])
        conn.executemany(
            "INSERT INTO calls (id, channel, direction, caller, customer_id, queue, priority, "
            "vip, state, arrived_at, answered_at, ended_at, operator, disposition, notes, "
            "handover_note, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            call_rows)
        conn.executemany("INSERT OR IGNORE INTO call_tickets (call_id, ticket_id) VALUES (?, ?)",
                         links)
        count += len(batch)
    return count


def load_directory(conn: sqlite3.Connection, items: Iterable[dict[str, Any]]) -> int:
    values = [(item["name"], _text(item.get("kind") or "person"), item.get("department"),
               item.get("extension"), item.get("number"),
               _text(item.get("presence") or "available"), item.get("notes") or "",
               item.get("presence_note"), item.get("hours") or "", item.get("holidays"),
               item.get("timezone"), item.get("email"))
              for item in items]
    conn.executemany("INSERT INTO directory (name, kind, department, extension, number, "
                     "presence, notes, presence_note, hours, holidays, timezone, email, version) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", values)
    return len(values)


def load_operators(conn: sqlite3.Connection, items: Iterable[dict[str, Any]]) -> int:
    now = rows.now_ts()
    values = [(item["name"], item.get("display_name") or "", item.get("extension"),
               _text(item.get("role") or "operator"),
               rows.dumps(list(item.get("languages") or ["en"])),
               _text(item.get("presence") or "offline"), item.get("pause_reason"),
               _ts(item.get("presence_since")) or now)
              for item in items]
    conn.executemany(
        "INSERT INTO operators (name, display_name, extension, role, languages, presence, "
        "pause_reason, presence_since, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) "
        "ON CONFLICT(name) DO UPDATE SET display_name = excluded.display_name, "
        "extension = excluded.extension, role = excluded.role, languages = excluded.languages, "
        "version = version + 1", values)
    return len(values)


LOADERS: dict[str, Callable[[sqlite3.Connection, Iterable[dict[str, Any]]], int]] = {
    "customers": load_customers,
    "tickets": load_tickets,
    "calls": load_calls,
    "directory": load_directory,
    "operators": load_operators,
}


class BulkMixin(SqliteBase):
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Load trusted rows fast; returns how many. Row shapes (dicts), by `table`:

        - "customers": name, and optionally code (auto "C0000001" when missing), company,
          phones (list of E.164, already normalised), email, language, tags (list),
          consent ({"marketing": bool, "recording": bool}), notes, created_at, updated_at.
        - "tickets": subject, customer_id, and optionally id, category, priority, status
          (enum or its value), tier, assignee, due_at, tags, created_at, updated_at, and
          "entries": [{"kind", "author", "body", "created_at"}].
        - "calls": caller, and optionally channel, direction, customer_id, queue, priority,
          vip, state, arrived_at, answered_at, ended_at, operator, disposition, notes,
          handover_note, ticket_ids (tickets loaded before).
        - "directory": DirectoryEntry fields without id.
        - "operators": Operator fields without id (an existing name is updated).
        Times are datetimes or ISO-8601 strings. Referenced ids must exist (foreign keys).
        """
        loader = LOADERS.get(table)
        if loader is None:
            raise Invalid("table", _("cannot bulk-load '{table}' (one of: {names})").format(
                table=table, names=", ".join(LOADERS)))

        def write(conn: sqlite3.Connection) -> int:
            conn.execute("PRAGMA cache_size = -400000")  # 400 MB while loading
            conn.execute("PRAGMA threads = 2")  # index rebuilds may sort in parallel
            # A million rows allocated one after another set off collections that each walk
            # every object kept so far (a sixth of a 1M seed's time); rows make no cycles, so
            # the collector waits until the load is done. Only one bulk load runs at a time
            # (one writer thread), so the state restored below is the one found here.
            collecting = gc.isenabled()
            gc.disable()
            try:
                try:
                    with _GenerationsPaused(conn):
                        count = loader(conn, rows)
                except sqlite3.IntegrityError as exc:
                    raise Invalid(table, _("rows do not fit the store: {why}").format(
                        why=exc)) from None
                except (KeyError, TypeError, ValueError) as exc:
                    raise Invalid(table, _("a row is malformed: {why}").format(
                        why=exc)) from None
                append_event(conn, "bulk.loaded", f"bulk:{table}", {"table": table,
                                                                     "count": count})
                return count
            finally:
                if collecting:
                    gc.enable()
                conn.execute("PRAGMA cache_size = -32000")
                conn.execute("PRAGMA threads = 0")

        return await self._store.write_on_thread(write)  # seconds of work: not on a loop
