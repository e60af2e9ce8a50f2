"""The surveys domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (surveys_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

TOKENIZE = "unicode61 remove_diacritics 2"  # the feedback search's tokenizer


def _tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE survey_answers (
            id INTEGER PRIMARY KEY,
            call_id INTEGER REFERENCES calls(id),
            operator TEXT NOT NULL,
            queue TEXT NOT NULL,
            campaign TEXT,
            customer_id INTEGER,
            csat INTEGER CHECK (csat BETWEEN 1 AND 5),
            nps INTEGER CHECK (nps BETWEEN 0 AND 10),
            solved INTEGER,
            comment TEXT NOT NULL DEFAULT '',
            answered_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX survey_answers_at ON survey_answers(answered_at)")
    db.execute("CREATE INDEX survey_answers_customer ON survey_answers(customer_id, id)")
    db.execute("""
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            topic TEXT NOT NULL,
            text TEXT NOT NULL,
            customer_id INTEGER,
            product TEXT NOT NULL DEFAULT '',
            call_id INTEGER REFERENCES calls(id),
            survey_id INTEGER REFERENCES survey_answers(id),
            operator TEXT NOT NULL,
            queue TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX feedback_at ON feedback(created_at)")
    db.execute("CREATE INDEX feedback_customer ON feedback(customer_id, id)")
    db.table("feedback").enable_fts(["topic", "text", "product"], tokenize=TOKENIZE,
                                    create_triggers=True)


def _configs(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE survey_configs (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            questions TEXT NOT NULL,
            PRIMARY KEY (scope, name)
        )""")


MIGRATIONS = [("0001_surveys", _tables), ("0002_survey_configs", _configs)]
