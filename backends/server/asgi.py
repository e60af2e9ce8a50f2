"""An app factory for `uvicorn --factory` and `centralino serve --workers N`.

Each worker process builds its own app from the environment that `serve` sets:
CENTRALINO_SERVE_DB (the SQLite file), CENTRALINO_SERVE_REGION, CENTRALINO_SERVE_HEARTBEAT.
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
    from backends.sqlite import SqliteBackend


def served_store(db_path: Path, region: str = "IT") -> SqliteBackend:
    """The store as a server process uses it: all its SQLite work on the event loop
    (on_loop). The workers are the parallelism, and a hop to a thread and back cost more
    than most requests' own work."""
    from backends.sqlite import SqliteBackend

    return SqliteBackend(db_path, region=region, on_loop=True)


def make_app() -> FastAPI:
    db_path = Path(os.environ["CENTRALINO_SERVE_DB"])
    region = os.environ.get("CENTRALINO_SERVE_REGION", "IT")
    heartbeat = float(os.environ.get("CENTRALINO_SERVE_HEARTBEAT", "15"))
    return create_app(lambda: served_store(db_path, region),
                      ServerConfig(auth_db=db_path, heartbeat=heartbeat))
