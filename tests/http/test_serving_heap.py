"""A started server keeps what starting made out of the garbage collector's walks (issue 21's
load: under the load mix each full collection took 130 ms, every request of the process
stopped meanwhile, nine times in 15 s; bench/gc_pauses.py). On a real uvicorn over a real
SQLite file; the process's collector settings are put back after."""

from __future__ import annotations

import gc
from pathlib import Path

import httpx

from backends.server.app import SERVING_GC_THRESHOLDS
from tests.http.harness import ServerThread, make_app, service_token


def test_a_started_server_freezes_its_start_up_heap_and_collects_less_often(
        tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    token = service_token(db)
    thresholds = gc.get_threshold()
    gc.unfreeze()
    try:
        with ServerThread(make_app(db)) as server:
            frozen = gc.get_freeze_count()
            answer = httpx.get(f"{server.url}/v1/directory", timeout=10,
                               headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200, answer.text
            # the modules, routes and validators starting made (and this test process's)
            assert frozen > 100_000
            assert gc.get_threshold() == SERVING_GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
