"""Under xdist (`make test` runs `-n 2`) the workers share the run's one PostgreSQL, and the
controller stops it once they are done (tests/shared_servers.py). A small pytest run in a
subprocess, two test files on two workers, each asking for the run's server."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

ASKS_FOR_THE_SERVER = """
import os
from pathlib import Path
from tests import pg_server

def test_server(request):
    server = pg_server.session_server(request)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "none")
    Path({out!r}, worker).write_text(str(server.pid))
"""


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_workers_share_one_postgresql_and_the_controller_stops_it(
        pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pids"
    out.mkdir()
    pytester.makeconftest("from tests.conftest import pytest_configure  # noqa: F401\n")
    for name in ("test_one", "test_two"):
        pytester.makepyfile(**{name: ASKS_FOR_THE_SERVER.format(out=str(out))})
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "loadfile",
                                           "-p", "no:cacheprovider", timeout=180)
    result.assert_outcomes(passed=2)
    pids = {path.name: int(path.read_text()) for path in out.iterdir()}
    assert sorted(pids) == ["gw0", "gw1"], pids  # both workers ran one test each
    assert len(set(pids.values())) == 1, pids  # …on one and the same server
    pid = next(iter(pids.values()))
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(pid), "the run's PostgreSQL was left running"
