"""An app factory for `uvicorn --factory` and `centralino serve --workers N`.

Each worker process builds its own app from the environment that `serve` sets:
CENTRALINO_SERVE_DB (the SQLite file) or CENTRALINO_SERVE_URL (a PostgreSQL database),
CENTRALINO_SERVE_REGION, CENTRALINO_SERVE_HEARTBEAT.
Workers share the file (WAL, one host): tokens, idempotency records and the change feed are in
it, so any worker may answer any request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI

from backends.server.app import create_app
from backends.server.context import ServerConfig

if TYPE_CHECKING:
    from backends.protocol import Backend
    from backends.sqlite import SqliteBackend


def served_store(db_path: Path, region: str = "IT") -> SqliteBackend:
    """The store as a server process uses it: all its SQLite work on the event loop
    (on_loop). The workers are the parallelism, and a hop to a thread and back cost more
    than most requests' own work."""
    from backends.sqlite import SqliteBackend

    return SqliteBackend(db_path, region=region, on_loop=True)


def make_app() -> FastAPI:
    region = os.environ.get("CENTRALINO_SERVE_REGION", "IT")
    heartbeat = float(os.environ.get("CENTRALINO_SERVE_HEARTBEAT", "15"))
    url = os.environ.get("CENTRALINO_SERVE_URL")
    if url:  # PostgreSQL: tokens, idempotency and the feed are in the database
        def pg_store() -> Backend:
            from backends.postgres import PostgresBackend

            return PostgresBackend(url, region=region)

        return create_app(pg_store, ServerConfig(auth_db=None, heartbeat=heartbeat))
    db_path = Path(os.environ["CENTRALINO_SERVE_DB"])
    return create_app(lambda: served_store(db_path, region),
                      ServerConfig(auth_db=db_path, heartbeat=heartbeat))
