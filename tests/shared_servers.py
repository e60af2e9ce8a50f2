"""One Request Tracker and one PostgreSQL per run, also when pytest-xdist runs the tests in
several worker processes (`make test` does: `-n 2`).

Without xdist each server is started by the first test that needs it and stopped at the end
of the session, as before. Under xdist the controller hands every worker one shared folder;
the first worker that needs a server starts it there (the others wait on a lock and read what
it wrote), and the controller stops every server started there once all workers are done, so
no worker stops a server another one is still using.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

SHARED_KEY = "centralino_shared_dir"
SHARED_PREFIX = "centralino-shared-"
_CONTROLLER_DIR = pytest.StashKey[Path]()

T = TypeVar("T")


def shared_dir(config: pytest.Config) -> Path | None:
    """The run's shared folder in a worker; None when the tests run in one process."""
    worker_input: dict[str, Any] | None = getattr(config, "workerinput", None)
    if worker_input is None or SHARED_KEY not in worker_input:
        return None
    return Path(worker_input[SHARED_KEY])


def controller_owner_pid(config: pytest.Config) -> int:
    """The process that outlives the run's servers: the controller under xdist (a worker's
    parent), else this one. Orphan checks look at it."""
    return os.getppid() if shared_dir(config) is not None else os.getpid()


def started_once(folder: Path, name: str, start: Callable[[], T],
                 dump: Callable[[T], dict[str, Any]], load: Callable[[dict[str, Any]], T]) -> T:
    """The server `name` of this run: started by the first caller, read by the others.
    A failed start is remembered, so every later caller fails at once with its message."""
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        ready, failed = folder / f"{name}.json", folder / f"{name}.failed"
        if ready.is_file():
            return load(json.loads(ready.read_text()))
        if failed.is_file():
            raise RuntimeError(f"{name} failed to start in another worker:\n"
                               f"{failed.read_text()}")
        try:
            server = start()
        except BaseException as exc:
            failed.write_text(f"{exc}")
            raise
        ready.write_text(json.dumps(dump(server)))
        return server


_HELD: dict[str, tuple[Any, int]] = {}  # name → (the open lock file, how many hold it here)


@contextlib.contextmanager
def exclusive_use(config: pytest.Config, name: str) -> Iterator[None]:
    """Under xdist, one worker at a time uses the shared server `name` for a test: RT keeps
    an e-mail address unique across all users, so two tests creating "mario@example.it" at
    the same moment in two workers would refuse each other (each test releases its addresses
    when it ends). Re-entrant within a worker; nothing to wait for without xdist."""
    folder = shared_dir(config)
    if folder is None:
        yield
        return
    held = _HELD.get(name)
    if held is None:
        lock = open(folder / f"{name}.use.lock", "w")  # noqa: SIM115 (held across the yield)
        fcntl.flock(lock, fcntl.LOCK_EX)
        held = (lock, 0)
    _HELD[name] = (held[0], held[1] + 1)
    try:
        yield
    finally:
        lock, depth = _HELD[name]
        if depth == 1:
            del _HELD[name]
            lock.close()  # releases the flock
        else:
            _HELD[name] = (lock, depth - 1)


class ControllerHooks:
    """Registered in the xdist controller only (tests/conftest.py)."""

    def __init__(self, config: pytest.Config,
                 stoppers: dict[str, Callable[[dict[str, Any]], None]]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=SHARED_PREFIX))
        self.stoppers = stoppers
        config.stash[_CONTROLLER_DIR] = self.folder

    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[SHARED_KEY] = str(self.folder)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        for name, stop in self.stoppers.items():
            ready = self.folder / f"{name}.json"
            if ready.is_file():
                stop(json.loads(ready.read_text()))
        shutil.rmtree(self.folder, ignore_errors=True)
