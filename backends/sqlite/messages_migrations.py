"""The messages domain's own SQLite tables (registered with `migrations=` in
backends/domain_registry.py). Apart from its storage (messages_storage.py), so that opening a
database checks and applies them without importing the domain's models and rules: a console
that never uses the domain never loads it (docs/ARCHITECTURE.md, "Start-up")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _messages_table(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            for_name TEXT NOT NULL, taken_by TEXT NOT NULL,
            caller_name TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '',
            number TEXT, reason TEXT NOT NULL DEFAULT '',
            urgency TEXT NOT NULL DEFAULT 'normal', call_back INTEGER NOT NULL DEFAULT 1,
            call_id INTEGER, customer_id INTEGER,
            created_at TEXT NOT NULL, read_at TEXT, done_at TEXT, done_by TEXT,
            mail_to TEXT, mailed_at TEXT, mail_attempts INTEGER NOT NULL DEFAULT 0,
            mail_error TEXT, next_mail_at TEXT,
            version INTEGER NOT NULL DEFAULT 1)""")
    db.execute("CREATE INDEX messages_for ON messages (for_name COLLATE NOCASE, id)")
    db.execute("CREATE INDEX messages_customer ON messages (customer_id, id)")
    db.execute("CREATE INDEX messages_unmailed ON messages (next_mail_at) "
               "WHERE mail_to IS NOT NULL AND mailed_at IS NULL")


def _message_outcome(db: sqlite_utils.Database) -> None:
    """The outcome a switchboard call gets when the caller left a message (after the others,
    unless a disposition with that code exists already). Not active: a call ends with it
    when the switchboard takes the message, and the operators' wrap-up does not offer it."""
    db.execute("INSERT OR IGNORE INTO dispositions (code, label, needs_callback, active, "
               "position) SELECT ?, ?, 0, 0, COALESCE(MAX(position), -1) + 1 FROM dispositions",
               ["MESSAGE", "Message taken"])  # backends.messages.rules.MESSAGE_OUTCOME


MIGRATIONS = [("0001_messages", _messages_table), ("0002_message_outcome", _message_outcome)]
