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

from backends.people.models import Role
from backends.scripts.models import ScriptAnswers, ScriptLink
from backends.scripts.service import ScriptsService
from backends.sqlite import rows
from backends.sqlite.base import exists
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

T = TypeVar("T")


def link(row: sqlite3.Row) -> ScriptLink:
    values: dict[str, Any] = dict(row)
    values["linked_at"] = rows.from_ts(values["linked_at"])
    return ScriptLink.model_validate(values)


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

    def link_of(self, campaign_id: int) -> ScriptLink | None:
        row = self.conn.execute("SELECT * FROM script_links WHERE campaign_id = ?",
                                [campaign_id]).fetchone()
        return None if row is None else link(row)

    def put_link(self, values: dict[str, Any]) -> ScriptLink:
        self.conn.execute(
            "INSERT INTO script_links (campaign_id, script_id, by, linked_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(campaign_id) DO UPDATE SET "
            "script_id = excluded.script_id, by = excluded.by, linked_at = excluded.linked_at",
            [values["campaign_id"], values["script_id"], values["by"], rows.now_ts()])
        found = self.link_of(values["campaign_id"])
        assert found is not None
        return found

    def role_of(self, name: str) -> Role | None:
        row = self.conn.execute("SELECT role FROM operators WHERE name = ?", [name]).fetchone()
        return Role(row[0]) if row is not None else None

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


    async def list_links(self) -> list[ScriptLink]:
        return await self._store.read(lambda conn: [
            link(r) for r in conn.execute("SELECT * FROM script_links ORDER BY campaign_id")])


def service(store: Store, _region: str) -> ScriptsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return ScriptsService(SqliteScriptsStorage(store))
