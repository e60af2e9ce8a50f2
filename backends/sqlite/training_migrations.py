"""The training domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (training_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _tables(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE training_sessions (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, trainees TEXT NOT NULL DEFAULT '[]',
        state TEXT NOT NULL DEFAULT 'planned', created_at TEXT NOT NULL, started_at TEXT,
        stopped_at TEXT, version INTEGER NOT NULL DEFAULT 1)""")
    db.execute("""CREATE TABLE training_assignments (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
        trainee TEXT NOT NULL, scenario TEXT NOT NULL, position INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending', actions TEXT NOT NULL DEFAULT '[]',
        started_at TEXT, finished_at TEXT, version INTEGER NOT NULL DEFAULT 1)""")
    db.execute("CREATE INDEX training_assignments_by_trainee "
               "ON training_assignments (trainee, session_id, position)")
    db.execute("""CREATE TABLE training_evaluations (
        id INTEGER PRIMARY KEY, subject TEXT NOT NULL, form TEXT NOT NULL,
        evaluator TEXT NOT NULL, scores TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL, UNIQUE (subject, evaluator))""")


MIGRATIONS = [("0001_tables", _tables)]
