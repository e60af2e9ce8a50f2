"""What every part of the SQLite backend shares: the store, the phone region, small helpers."""

from __future__ import annotations

import sqlite3
from typing import Any

from backends.errors import NotFound
from backends.i18n import _
from backends.revalidation import revalidate
from backends.sqlite.connection import Store

__all__ = ["SqliteBase", "exists", "fetch_row", "revalidate"]


class SqliteBase:
    """Attributes the bulk loader (bulk.py) relies on; set by SqliteBackend."""

    _store: Store
    region: str

    @property
    def _closed(self) -> bool:
        return self._store.closed


def fetch_row(conn: sqlite3.Connection, table: str, key: Any, what: str,
              column: str = "id") -> sqlite3.Row:
    """The row of `table` whose `column` is `key`, or NotFound naming `what` (e.g. 'call')."""
    row = conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", [key]).fetchone()
    if row is None:
        raise NotFound(_("no {what} {key}").format(what=what, key=key))
    return row


def exists(conn: sqlite3.Connection, table: str, key: Any, column: str = "id") -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ?", [key]).fetchone() is not None
