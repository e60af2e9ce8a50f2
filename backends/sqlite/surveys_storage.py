"""The surveys storage on SQLite (backends/surveys/storage.py): persistence only; the
definitions are the surveys service's (docs/ARCHITECTURE.md). Also the domain's tables
(surveys_migrations.py) and the
`service(store, region)` factory the domain registry names.

Customers are referred to by id without a foreign key (on Request Tracker they live there).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from backends.search_text import words_of
from backends.sqlite import rows
from backends.sqlite.base import exists
from backends.sqlite.calls_storage import column_value
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event
from backends.sqlite.search import prefix_query
from backends.surveys.models import (
    Contact,
    Feedback,
    FeedbackKind,
    Question,
    SurveyAnswer,
    SurveyConfig,
    SurveyScope,
    SurveyTarget,
)
from backends.surveys.service import SurveysService

T = TypeVar("T")
CHUNK = 500  # customer ids per IN (...)


def config(row: sqlite3.Row) -> SurveyConfig:
    # a record takes its values as they are: the enums are read here
    return SurveyConfig(scope=SurveyScope(row["scope"]), name=row["name"],
                        enabled=bool(row["enabled"]),
                        questions=[Question(q) for q in json.loads(row["questions"])])


def configs_for(conn: sqlite3.Connection, queue: str,
                campaign: str | None) -> dict[SurveyScope, SurveyConfig]:
    found = conn.execute(
        "SELECT * FROM survey_configs WHERE (scope = 'queue' AND name = ?) "
        "OR (scope = 'campaign' AND name = ?)", [queue, campaign or ""]).fetchall()
    return {SurveyScope(r["scope"]): config(r) for r in found}


def answer(row: sqlite3.Row) -> SurveyAnswer:
    values: dict[str, Any] = dict(row)
    values["answered_at"] = rows.from_ts(values["answered_at"])
    values["solved"] = None if values["solved"] is None else bool(values["solved"])
    return SurveyAnswer.model_validate(values)


def feedback(row: sqlite3.Row) -> Feedback:
    values: dict[str, Any] = dict(row)
    values["created_at"] = rows.from_ts(values["created_at"])
    return Feedback.model_validate(values)


class SqliteSurveysWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _insert(self, table: str, values: dict[str, object]) -> int:
        stored = {k: column_value(v) for k, v in values.items()}
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))})", list(stored.values()))
        return int(cursor.lastrowid or 0)

    def insert_answer(self, values: dict[str, object]) -> SurveyAnswer:
        answer_id = self._insert("survey_answers", {**values, "answered_at": rows.now_ts()})
        return answer(self.conn.execute("SELECT * FROM survey_answers WHERE id = ?",
                                        [answer_id]).fetchone())

    def insert_feedback(self, values: dict[str, object]) -> Feedback:
        feedback_id = self._insert("feedback", {**values, "created_at": rows.now_ts()})
        return feedback(self.conn.execute("SELECT * FROM feedback WHERE id = ?",
                                          [feedback_id]).fetchone())

    def call_exists(self, call_id: int) -> bool:
        return exists(self.conn, "calls", call_id)

    def configs_for(self, queue: str, campaign: str | None) -> dict[SurveyScope, SurveyConfig]:
        return configs_for(self.conn, queue, campaign)

    def put_config(self, config: SurveyConfig) -> None:
        self.conn.execute(
            "INSERT INTO survey_configs (scope, name, enabled, questions) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (scope, name) DO UPDATE SET enabled = excluded.enabled, "
            "questions = excluded.questions",
            [config.scope.value, config.name, int(config.enabled),
             json.dumps([q.value for q in config.questions])])

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


def _filters(where: list[str], params: list[object], column_values: dict[str, object]) -> None:
    for column, value in column_values.items():
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)


def _between(where: list[str], params: list[object], column: str,
             since: datetime | None, until: datetime | None) -> None:
    if since is not None:
        where.append(f"{column} >= ?")
        params.append(rows.to_ts(since))
    if until is not None:
        where.append(f"{column} < ?")
        params.append(rows.to_ts(until))


def _sql(table: str, where: list[str], order: str) -> str:
    return (f"SELECT * FROM {table}" + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} LIMIT ?")


class SqliteSurveyConfigs:
    """The configurations and the survey campaign's targets (reads of SqliteSurveysStorage)."""

    _store: Store

    async def list_configs(self) -> list[SurveyConfig]:
        return await self._store.read(lambda conn: [config(r) for r in conn.execute(
            "SELECT * FROM survey_configs ORDER BY scope, name")])

    async def configs_for(self, queue: str,
                          campaign: str | None) -> dict[SurveyScope, SurveyConfig]:
        return await self._store.read(lambda conn: configs_for(conn, queue, campaign))

    async def targets(self, *, since: datetime, until: datetime, queue: str | None,
                      limit: int) -> list[SurveyTarget]:
        where = ["state = 'done'", "customer_id IS NOT NULL", "operator IS NOT NULL",
                 "channel = 'voice'", "caller LIKE '+%'"]
        params: list[object] = []
        _filters(where, params, {"queue": queue})
        _between(where, params, "arrived_at", since, until)
        sql = ("SELECT * FROM calls WHERE id IN (SELECT MAX(id) FROM calls WHERE "
               + " AND ".join(where) + " GROUP BY customer_id) ORDER BY arrived_at, id LIMIT ?")
        return await self._store.read(lambda conn: [SurveyTarget(
            call_id=r["id"], customer_id=r["customer_id"], number=r["caller"],
            operator=r["operator"], queue=r["queue"],
            arrived_at=datetime.fromisoformat(r["arrived_at"]))
            for r in conn.execute(sql, [*params, limit])])


class SqliteSurveysStorage(SqliteSurveyConfigs):
    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteSurveysWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteSurveysWriter(conn)))

    async def list_answers(self, *, since: datetime | None, until: datetime | None,
                           queue: str | None, operator: str | None, campaign: str | None,
                           customer_id: int | None, limit: int) -> list[SurveyAnswer]:
        where: list[str] = []
        params: list[object] = []
        _filters(where, params, {"queue": queue, "operator": operator, "campaign": campaign,
                                 "customer_id": customer_id})
        _between(where, params, "answered_at", since, until)
        sql = _sql("survey_answers", where, "id DESC")
        return await self._store.read(lambda conn: [
            answer(r) for r in conn.execute(sql, [*params, limit])])

    async def list_feedback(self, *, kind: FeedbackKind | None, topic: str | None,
                            customer_id: int | None, text: str | None,
                            since: datetime | None, until: datetime | None, queue: str | None,
                            operator: str | None, limit: int) -> list[Feedback]:
        where: list[str] = []
        params: list[object] = []
        _filters(where, params, {"kind": kind.value if kind else None, "topic": topic,
                                 "customer_id": customer_id, "queue": queue,
                                 "operator": operator})
        _between(where, params, "created_at", since, until)
        words = words_of(text or "")
        if words:  # quoted prefix terms: no FTS5 syntax from the user gets through
            where.append("id IN (SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ?)")
            params.append(prefix_query(words))
        sql = _sql("feedback", where, "id DESC")
        return await self._store.read(lambda conn: [
            feedback(r) for r in conn.execute(sql, [*params, limit])])

    async def contacts(self, *, since: datetime, until: datetime, queue: str | None,
                       operator: str | None, customer_ids: Sequence[int] | None,
                       limit: int) -> list[Contact]:
        def read(conn: sqlite3.Connection) -> list[Contact]:
            found: list[Contact] = []
            chunks = ([list(customer_ids[i:i + CHUNK])
                       for i in range(0, len(customer_ids), CHUNK)]
                      if customer_ids is not None else [None])
            for chunk in chunks:
                where = ["direction = 'inbound'", "customer_id IS NOT NULL"]
                params: list[object] = []
                _filters(where, params, {"queue": queue, "operator": operator})
                _between(where, params, "arrived_at", since, until)
                if chunk is not None:
                    where.append(f"customer_id IN ({rows.placeholders(chunk)})")
                    params.extend(chunk)
                sql = _sql("calls", where, "arrived_at, id")
                for row in conn.execute(sql, [*params, limit - len(found)]):
                    found.append(Contact(
                        call_id=row["id"], customer_id=row["customer_id"], queue=row["queue"],
                        arrived_at=datetime.fromisoformat(row["arrived_at"]),
                        ticket_ids=rows.links(conn, "call_id", row["id"])))
            return found

        return await self._store.read(read)


def service(store: Store, _region: str) -> SurveysService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return SurveysService(SqliteSurveysStorage(store))
