"""The PostgreSQL store: `postgresql://user@host:port/db` (docs/ARCHITECTURE.md).

Split by purpose like the SQLite store: connection (pool, worker threads, transactions and
retries), schema (migrations), rows, events (change feed), search, check, one
<domain>_storage.py per domain and backend (the class that puts them together).
"""

from backends.postgres.backend import PostgresBackend

__all__ = ["PostgresBackend"]
