"""An app factory for `uvicorn --factory` and `centralino serve --workers N`.

Each worker process builds its own app from the environment that `serve` sets:
CENTRALINO_SERVE_DB (the SQLite file), CENTRALINO_SERVE_REGION, CENTRALINO_SERVE_HEARTBEAT.
Workers share the file (WAL, one host): tokens, idempotency records and the change feed are in
it, so any worker may answer any request.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fastapi import FastAPI

from backends.server.app import create_app
from backends.server.context import ServerConfig

# The event loop thread calls SQLite briefly (token and idempotency lookups) and the backend's
# reader and writer threads call it all the time; each call releases the GIL, and getting it
# back waits up to the switch interval (5 ms by default) behind a busy thread. A shorter
# interval keeps that wait well under a millisecond for every request.
SWITCH_INTERVAL = 0.0005


def make_app() -> FastAPI:
    from backends.sqlite import SqliteBackend

    sys.setswitchinterval(SWITCH_INTERVAL)
    db_path = Path(os.environ["CENTRALINO_SERVE_DB"])
    region = os.environ.get("CENTRALINO_SERVE_REGION", "IT")
    heartbeat = float(os.environ.get("CENTRALINO_SERVE_HEARTBEAT", "15"))
    return create_app(lambda: SqliteBackend(db_path, region=region),
                      ServerConfig(auth_db=db_path, heartbeat=heartbeat))
