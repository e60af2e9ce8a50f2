"""`centralino db copy SOURCE TARGET`: a whole store from SQLite to PostgreSQL, or back
(docs/ARCHITECTURE.md, "Moving up").

All or nothing: the source is read in one transaction (one snapshot, while others may go on
writing to it), the target written in one transaction, and the counts and id sums of every
table compared inside that transaction before it commits; any difference or error rolls the
target back, untouched. A target that already holds data is refused unless `replace` is
asked, which empties its tables in the same transaction. The target must have been opened
(migrated) by its backend first. The server's tokens travel too when both sides have them.

Values are converted by the target column's type: SQLite keeps times as fixed-width UTC text,
lists as JSON text and flags as integers; PostgreSQL as timestamptz, jsonb and boolean.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg.types.json import Jsonb

from backends.errors import Invalid
from backends.i18n import _
from backends.sqlite.rows import dumps, to_ts

# in the order of their references; events, then the server's own
TABLES = ("customers", "customer_phones", "customer_terms", "operators", "directory",
          "dispositions", "tickets", "ticket_entries", "calls", "call_tickets", "transfers",
          "training_sessions", "training_assignments", "training_evaluations",
          "callbacks", "survey_answers", "feedback", "survey_configs", "campaigns",
          "campaign_contacts", "campaign_attempts", "campaign_live_calls", "dnc_numbers",
          "messages", "parked_calls", "script_answers", "script_links", "appointments",
          "events", "server_tokens")
# holding any row of these, a target is not empty (dispositions come seeded)
DATA_TABLES = ("customers", "operators", "directory", "tickets", "calls", "transfers",
               "training_sessions", "callbacks", "survey_answers", "feedback", "survey_configs",
               "campaigns", "dnc_numbers", "messages", "parked_calls", "script_answers",
               "script_links", "appointments", "events", "server_tokens")
BATCH = 5000


class Side(Protocol):
    def tables(self) -> set[str]: ...
    def columns(self, table: str) -> dict[str, str]: ...
    def count(self, table: str) -> tuple[int, int]: ...
    def rows(self, table: str, columns: list[str]) -> Iterator[tuple[Any, ...]]: ...
    def convert(self, kind: str) -> Callable[[Any], Any]: ...
    def clear(self, table: str) -> None: ...
    def insert(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None: ...
    def finish(self, tables: list[str]) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


def _count_sql(table: str, columns: dict[str, str]) -> str:
    """Rows and the sum of their numeric ids (a row swapped for another changes it)."""
    numeric = columns.get("id", "").lower() in ("integer", "bigint")
    return f"SELECT count(*), {'COALESCE(sum(id), 0)' if numeric else '0'} FROM {table}"


class SqliteSide:
    def __init__(self, path: Path, write: bool) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}

    def columns(self, table: str) -> dict[str, str]:
        return {r[1]: str(r[2]).upper() for r in self.conn.execute(
            f"PRAGMA table_info({table})")}

    def count(self, table: str) -> tuple[int, int]:
        n, total = self.conn.execute(_count_sql(table, self.columns(table))).fetchone()
        return int(n), int(total)

    def rows(self, table: str, columns: list[str]) -> Iterator[tuple[Any, ...]]:
        return iter(self.conn.execute(f"SELECT {', '.join(columns)} FROM {table}"))

    def convert(self, kind: str) -> Callable[[Any], Any]:
        def value(v: Any) -> Any:
            if isinstance(v, datetime):
                return to_ts(v)
            if isinstance(v, list | dict):
                return dumps(v)
            if isinstance(v, bool):
                return int(v)
            return v

        return value

    def clear(self, table: str) -> None:
        self.conn.execute(f"DELETE FROM {table}")

    def insert(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                              rows)

    def finish(self, tables: list[str]) -> None:
        """Nothing: SQLite's next ids follow the largest present."""

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


class PgSide:
    def __init__(self, url: str, write: bool) -> None:
        self.conn = psycopg.connect(url, autocommit=False)
        self.paused: list[str] = []
        if not write:  # one snapshot of the whole source
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        self.conn.execute("SET TIME ZONE 'UTC'")

    def tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")}

    def columns(self, table: str) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s "
            "AND is_generated = 'NEVER'", [table])}

    def count(self, table: str) -> tuple[int, int]:
        row = self.conn.execute(_count_sql(table, self.columns(table))).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def rows(self, table: str, columns: list[str]) -> Iterator[tuple[Any, ...]]:
        cursor = self.conn.cursor(name=f"copy_{table}")
        cursor.itersize = BATCH
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
        return iter(cursor)

    def convert(self, kind: str) -> Callable[[Any], Any]:
        if kind == "timestamp with time zone":
            def when(v: Any) -> Any:
                if isinstance(v, str) and v:
                    parsed = datetime.fromisoformat(v)
                    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
                return v or None

            return when
        if kind == "jsonb":
            return lambda v: Jsonb(json.loads(v) if isinstance(v, str) else v)
        if kind == "boolean":
            return lambda v: None if v is None else bool(v)
        if kind == "bytea":
            return lambda v: v if v is None else bytes(v)
        return lambda v: v

    def clear(self, table: str) -> None:
        self.conn.execute(f"DELETE FROM {table}")
        self._pause_indexes(table)

    def _pause_indexes(self, table: str) -> None:
        """Drop the table's secondary indexes (search vectors, trigrams: slow to keep row by
        row) until `finish` builds them again by one sort each, in this same transaction."""
        self.conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name, definition in self.conn.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = %s AND t.relnamespace = current_schema()::regnamespace "
                "AND NOT x.indisunique AND NOT x.indisprimary", [table]).fetchall():
            self.conn.execute(f'DROP INDEX "{name}"')
            self.paused.append(definition)

    def insert(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        with self.conn.cursor().copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, tables: list[str]) -> None:
        """The paused indexes built again; identity sequences continue after the largest id
        copied; the planner's statistics of every table taken, committed with the copy.
        Without them the first searches after moving up ran on guesses until autovacuum came
        by: the typo lookup at a million customers took 190 ms at p50 for its first minute,
        7 ms after (ANALYZE takes 0.4 s there)."""
        for definition in self.paused:
            self.conn.execute(definition)
        self.paused.clear()
        for table in tables:
            if self.columns(table).get("id") in ("integer", "bigint"):
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"GREATEST(max(id), 1), max(id) IS NOT NULL) FROM {table} "
                    f"WHERE pg_get_serial_sequence('{table}', 'id') IS NOT NULL")
        for table in tables:
            self.conn.execute(f"ANALYZE {table}")  # sees this transaction's own rows

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


@dataclass
class Copied:
    counts: dict[str, int] = field(default_factory=dict)


def side(url_or_path: str, write: bool) -> Side:
    from backends.urls import scheme_of, sqlite_path

    scheme = scheme_of(url_or_path)
    if scheme == "postgresql":
        return PgSide(url_or_path, write)
    if scheme == "sqlite":
        return SqliteSide(sqlite_path(url_or_path), write)
    raise Invalid("backend", _("a copy goes between SQLite and PostgreSQL; '{url}' is "
                               "neither").format(url=url_or_path))


def copy_store(source: Side, target: Side, *, replace: bool = False,
               progress: Callable[[str, int], None] | None = None) -> Copied:
    """Copy every table both sides have, in one target transaction; the counts copied."""
    both = [t for t in TABLES if t in source.tables() and t in target.tables()]
    try:
        held = [t for t in DATA_TABLES if t in both and target.count(t)[0]]
        if held and not replace:
            raise Invalid("target", _("the target already holds data ({tables}); copy into "
                                      "an empty database, or replace it with --replace").format(
                tables=", ".join(held)))
        for table in reversed(both):
            target.clear(table)
        done = Copied()
        for table in both:
            wanted = target.columns(table)
            columns = [c for c in source.columns(table) if c in wanted]
            converters = [target.convert(wanted[c]) for c in columns]
            rows = (tuple(f(v) for f, v in zip(converters, row, strict=True))
                    for row in source.rows(table, columns))
            target.insert(table, columns, rows)
            if progress is not None:
                progress(table, target.count(table)[0])
        target.finish(both)
        for table in both:
            there, here = source.count(table), target.count(table)
            if "id" not in target.columns(table) or "id" not in source.columns(table):
                there, here = (there[0], 0), (here[0], 0)  # no id on one side: rows only
            if there != here:
                raise Invalid("target", _("the copy of {table} does not match its source "
                                          "({here} rows for {there}); nothing was written")
                              .format(table=table, here=here[0], there=there[0]))
            done.counts[table] = here[0]
        target.commit()
        return done
    except BaseException:
        target.rollback()
        raise
