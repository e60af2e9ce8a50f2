"""The embedded SQLite store: `SqliteBackend(path, region="IT")` or `sqlite:///file.db`.

Split by purpose: connection (pragmas, write thread, readers, retries), schema (migrations),
customers, search, tickets, calls, transfers, people (operators, directory, dispositions),
events (change feed), bulk (seeding) and backend (the class that puts them together).
"""

from backends.sqlite.backend import SqliteBackend

__all__ = ["SqliteBackend"]
