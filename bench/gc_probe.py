"""Loaded into a server by bench/gc_pauses.py (`PgServeProcess(prelude=...)`): each garbage
collection of this process, one JSON line `[generation, ended at (time.time()), seconds]`
written as it ends (uvicorn ends on SIGTERM by raising it again: no atexit). Not part of the
product."""

from __future__ import annotations

import gc
import os
import time
from typing import TextIO

_started = [0.0]
_out: list[TextIO] = []


def _watch(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _started[0] = time.perf_counter()
        return
    seconds = time.perf_counter() - _started[0]
    _out[0].write(f"[{info['generation']}, {time.time()!r}, {seconds!r}]\n")


def install(folder: str) -> None:
    _out.append(open(os.path.join(folder, f"gc-{os.getpid()}.jsonl"), "a",  # noqa: SIM115
                     buffering=1, encoding="utf-8"))
    gc.callbacks.append(_watch)
