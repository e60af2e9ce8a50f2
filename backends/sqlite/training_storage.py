"""The training storage on SQLite (backends/training/storage.py): lab sessions, assignments and
evaluations, and the domain's own tables (training_migrations.py); persistence only, the rules
are the training service's (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from backends.i18n import _
from backends.record_check import read
from backends.sqlite import rows
from backends.sqlite.base import fetch_row
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event
from backends.training.models import (
    Assignment,
    AssignmentState,
    Evaluation,
    LabSession,
    SessionState,
)
from backends.training.play import TraineeAction
from backends.training.service import TrainingService

if TYPE_CHECKING:
    from backends.training.inputs import EvaluationDraft, SessionDraft

T = TypeVar("T")


def _session(row: sqlite3.Row) -> LabSession:
    return LabSession(id=row["id"], name=row["name"], trainees=json.loads(row["trainees"]),
                      state=SessionState(row["state"]),
                      created_at=datetime.fromisoformat(row["created_at"]),
                      started_at=rows.from_ts(row["started_at"]),
                      stopped_at=rows.from_ts(row["stopped_at"]), version=row["version"])


def _assignment(row: sqlite3.Row) -> Assignment:
    return Assignment(id=row["id"], session_id=row["session_id"], trainee=row["trainee"],
                      scenario=row["scenario"], position=row["position"],
                      state=AssignmentState(row["state"]),
                      actions=[read(TraineeAction, a)
                               for a in json.loads(row["actions"])],
                      started_at=rows.from_ts(row["started_at"]),
                      finished_at=rows.from_ts(row["finished_at"]), version=row["version"])


def _evaluation(row: sqlite3.Row) -> Evaluation:
    return Evaluation(id=row["id"], subject=row["subject"], form=row["form"],
                      evaluator=row["evaluator"], scores=json.loads(row["scores"]),
                      comment=row["comment"], at=datetime.fromisoformat(row["at"]))


def get_session(conn: sqlite3.Connection, session_id: int) -> LabSession:
    return _session(fetch_row(conn, "training_sessions", session_id, _("lab session")))


def get_assignment(conn: sqlite3.Connection, assignment_id: int) -> Assignment:
    return _assignment(fetch_row(conn, "training_assignments", assignment_id, _("assignment")))


class SqliteTrainingWriter:
    """`TrainingWriter` on the connection of one write transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert_session(self, draft: SessionDraft) -> int:
        cursor = self.conn.execute(
            "INSERT INTO training_sessions (name, trainees, created_at) VALUES (?, ?, ?)",
            [draft.name, rows.dumps(draft.trainees), rows.now_ts()])
        return int(cursor.lastrowid or 0)

    def get_session(self, session_id: int) -> LabSession:
        return get_session(self.conn, session_id)

    def set_session_state(self, session_id: int, state: SessionState,
                          when: frozenset[SessionState]) -> bool:
        stamp = "started_at" if state is SessionState.RUNNING else "stopped_at"
        marks = ", ".join("?" for _s in when)
        cursor = self.conn.execute(
            f"UPDATE training_sessions SET state = ?, {stamp} = ?, version = version + 1 "
            f"WHERE id = ? AND state IN ({marks})",
            [state.value, rows.now_ts(), session_id, *(s.value for s in when)])
        return cursor.rowcount == 1

    def insert_assignment(self, session_id: int, trainee: str, scenario: str) -> int:
        position = self.conn.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM training_assignments "
            "WHERE session_id = ? AND trainee = ?", [session_id, trainee]).fetchone()[0]
        cursor = self.conn.execute(
            "INSERT INTO training_assignments (session_id, trainee, scenario, position) "
            "VALUES (?, ?, ?, ?)", [session_id, trainee, scenario, position])
        return int(cursor.lastrowid or 0)

    def get_assignment(self, assignment_id: int) -> Assignment:
        return get_assignment(self.conn, assignment_id)

    def set_assignment_state(self, assignment_id: int, state: AssignmentState,
                             when: AssignmentState) -> bool:
        stamp = "started_at" if state is AssignmentState.ACTIVE else "finished_at"
        cursor = self.conn.execute(
            f"UPDATE training_assignments SET state = ?, {stamp} = ?, version = version + 1 "
            "WHERE id = ? AND state = ?", [state.value, rows.now_ts(), assignment_id, when.value])
        return cursor.rowcount == 1

    def save_actions(self, assignment_id: int, actions: list[TraineeAction],
                     version: int) -> bool:
        cursor = self.conn.execute(
            "UPDATE training_assignments SET actions = ?, version = version + 1 "
            "WHERE id = ? AND version = ?",
            [rows.dumps([a.model_dump(mode="json") for a in actions]), assignment_id, version])
        return cursor.rowcount == 1

    def save_evaluation(self, draft: EvaluationDraft) -> int:
        self.conn.execute(
            "INSERT INTO training_evaluations (subject, form, evaluator, scores, comment, at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subject, evaluator) DO UPDATE SET "
            "form = excluded.form, scores = excluded.scores, comment = excluded.comment, "
            "at = excluded.at",
            [draft.subject, draft.form, draft.evaluator, rows.dumps(draft.scores),
             draft.comment, rows.now_ts()])
        return int(self.conn.execute(
            "SELECT id FROM training_evaluations WHERE subject = ? AND evaluator = ?",
            [draft.subject, draft.evaluator]).fetchone()[0])

    def get_evaluation(self, evaluation_id: int) -> Evaluation:
        return _evaluation(fetch_row(self.conn, "training_evaluations", evaluation_id,
                                     _("evaluation")))

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteTrainingStorage:
    """`TrainingStorage` on one SQLite file."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteTrainingWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteTrainingWriter(conn)))

    async def get_session(self, session_id: int) -> LabSession:
        return await self._store.read(lambda conn: get_session(conn, session_id))

    async def list_sessions(self) -> list[LabSession]:
        return await self._store.read(lambda conn: [_session(r) for r in conn.execute(
            "SELECT * FROM training_sessions ORDER BY id DESC")])

    async def list_assignments(self, session_id: int | None,
                               trainee: str | None) -> list[Assignment]:
        def read(conn: sqlite3.Connection) -> list[Assignment]:
            found = conn.execute(
                "SELECT * FROM training_assignments WHERE (? IS NULL OR session_id = ?) "
                "AND (? IS NULL OR trainee = ?) ORDER BY session_id, trainee, position",
                [session_id, session_id, trainee, trainee])
            return [_assignment(r) for r in found]

        return await self._store.read(read)

    async def get_assignment(self, assignment_id: int) -> Assignment:
        return await self._store.read(lambda conn: get_assignment(conn, assignment_id))

    async def list_evaluations(self, subject: str) -> list[Evaluation]:
        return await self._store.read(lambda conn: [_evaluation(r) for r in conn.execute(
            "SELECT * FROM training_evaluations WHERE subject = ? ORDER BY evaluator",
            [subject])])


def service(store: Store, _region: str) -> TrainingService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return TrainingService(SqliteTrainingStorage(store))
