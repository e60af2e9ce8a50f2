"""The scripts storage on SQLite (backends/scripts/storage.py): persistence only; the rules are the
scripts service's (docs/ARCHITECTURE.md). Also the domain's table (scripts_migrations.py) and
the `service(store, region)` factory the domain registry names.

Campaigns, contacts and customers are referred to by id without a foreign key (customers may
live in a helpdesk; contacts belong to the campaigns domain's storage)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from backends.scripts.models import ScriptAnswers
from backends.scripts.service import ScriptsService
from backends.sqlite import rows
from backends.sqlite.base import exists
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

T = TypeVar("T")


def answers(row: sqlite3.Row) -> ScriptAnswers:
    values: dict[str, Any] = dict(row)
    values["recorded_at"] = rows.from_ts(values["recorded_at"])
    values["answers"] = json.loads(values["answers"])
    values["completed"] = bool(values["completed"])
    return ScriptAnswers.model_validate(values)


class SqliteScriptsWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert_answers(self, values: dict[str, Any]) -> ScriptAnswers | None:
        stored = {**values, "answers": rows.dumps(values["answers"]),
                  "completed": int(bool(values["completed"])), "recorded_at": rows.now_ts()}
        cursor = self.conn.execute(
            f"INSERT INTO script_answers ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))}) ON CONFLICT(call_id) DO NOTHING",
            list(stored.values()))
        if cursor.rowcount == 0:
            return None
        return answers(self.conn.execute("SELECT * FROM script_answers WHERE id = ?",
                                         [cursor.lastrowid]).fetchone())

    def call_exists(self, call_id: int) -> bool:
        return exists(self.conn, "calls", call_id)

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteScriptsStorage:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteScriptsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteScriptsWriter(conn)))

    async def list_answers(self, *, call_id: int | None, campaign_id: int | None,
                           contact_id: int | None, customer_id: int | None,
                           limit: int) -> list[ScriptAnswers]:
        where: list[str] = []
        params: list[object] = []
        for column, value in (("call_id", call_id), ("campaign_id", campaign_id),
                              ("contact_id", contact_id), ("customer_id", customer_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = ("SELECT * FROM script_answers" + (" WHERE " + " AND ".join(where) if where
                                                 else "") + " ORDER BY id DESC LIMIT ?")
        return await self._store.read(lambda conn: [
            answers(r) for r in conn.execute(sql, [*params, limit])])


def service(store: Store, _region: str) -> ScriptsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return ScriptsService(SqliteScriptsStorage(store))
