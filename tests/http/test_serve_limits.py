"""`centralino serve` as a real process on 127.0.0.1: clients that send half a request are
dropped after the head/body timeouts while others are served; a full worker makes room by
closing its longest idle connection; a database it cannot write is refused at start in one
line; no error answer names a file of the server; the access log is private.

As root (where file modes do not bind), the server runs without CAP_DAC_OVERRIDE (setpriv), so
a read-only file or folder is read-only for it as for anybody else."""

from __future__ import annotations

import contextlib
import json
import logging
import logging.config
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backends.people.models import Role
from tests.http.conftest import Site
from tests.http.harness import free_port, provision

START_WITHIN = 60.0
HEAD_TIMEOUT = 0.5
BODY_TIMEOUT = 1.0
SLACK = 2.0  # a busy machine: the drop may come this much after the timeout


def _unprivileged() -> list[str]:
    """A command prefix under which file modes bind this process's children."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes would not bind the server")
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False)
    if probe.returncode != 0:
        pytest.skip("cannot drop CAP_DAC_OVERRIDE here: file modes would not bind the server")
    return prefix


def _serve_command(port: int, *options: str) -> list[str]:
    return [sys.executable, "-c", "from console.cli import main; main()", "serve",
            "--host", "127.0.0.1", "--port", str(port), *options]


@contextlib.contextmanager
def _serving(db_path: Path, *options: str, prefix: list[str] | None = None) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = db_path.with_name(f"serve-{port}.log")
    with open(log, "ab") as stderr:
        proc = subprocess.Popen([*(prefix or []), *_serve_command(port, *options)],
                                env={**os.environ, "CENTRALINO_BACKEND": str(db_path)},
                                stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + START_WITHIN
        while True:
            if proc.poll() is not None:
                raise AssertionError("serve exited: " + log.read_text(errors="replace")[-2000:])
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/healthz", timeout=1.0).status_code == 200:
                    break
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)


def _half_open(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if data:
        sock.sendall(data)
    return sock


def _dropped_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed `sock` (None: still open after `seconds`)."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return time.monotonic() - start
    except ConnectionResetError:
        return time.monotonic() - start
    except TimeoutError:
        return None
    finally:
        sock.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "site.db"
    path.parent.mkdir()
    provision(path, {"anna": Role.OPERATOR})
    return path


def test_half_sent_requests_are_dropped_while_others_are_served(db_path: Path) -> None:
    with _serving(db_path, "--head-timeout", str(HEAD_TIMEOUT), "--body-timeout",
                  str(BODY_TIMEOUT)) as url:
        port = int(url.rsplit(":", 1)[1])
        silent = _half_open(port, b"")
        half_head = _half_open(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        half_body = _half_open(port, b"POST /v1/customers HTTP/1.1\r\nHost: x\r\n"
                                     b"Content-Type: application/json\r\n"
                                     b"Content-Length: 100\r\n\r\n{\"name\"")
        huge_head = _half_open(port, b"GET /healthz HTTP/1.1\r\nX-Big: " + b"a" * 70_000)
        served = httpx.get(url + "/healthz", timeout=5.0)
        times = [_dropped_within(s, wait) for s, wait in (
            (huge_head, SLACK), (silent, HEAD_TIMEOUT + SLACK),
            (half_head, HEAD_TIMEOUT + SLACK), (half_body, BODY_TIMEOUT + SLACK))]
        after = httpx.get(url + "/healthz", timeout=5.0)
    assert served.status_code == 200 and after.status_code == 200
    assert all(t is not None for t in times), times
    assert times[0] is not None and times[0] < 1.0  # a head past 64 KiB: at once


def test_a_full_worker_closes_its_longest_idle_connection_for_a_new_one(db_path: Path) -> None:
    limit = 8
    with _serving(db_path, "--max-connections", str(limit), "--head-timeout", "60") as url:
        port = int(url.rsplit(":", 1)[1])
        idle = [_half_open(port, b"GET /healthz HTTP/1.1\r\n") for _ in range(limit)]
        time.sleep(0.2)
        answers = [httpx.get(url + "/healthz", timeout=5.0).status_code for _ in range(3)]
        dropped = [_dropped_within(s, 0.3) for s in idle]
    assert answers == [200, 200, 200]
    # the first request's connection made room by closing the oldest idle one; each later
    # one found the room its predecessor left when it closed
    assert dropped[0] is not None, dropped
    assert all(t is None for t in dropped[1:]), dropped


def _refused(db_path: Path) -> subprocess.CompletedProcess[str]:
    prefix = _unprivileged()
    return subprocess.run([*prefix, *_serve_command(free_port())],
                          env={**os.environ, "CENTRALINO_BACKEND": str(db_path)},
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.sqlite_only("the SQLite file's folder made read-only; PostgreSQL has no file of "
                         "the server's to check")
def test_serve_refuses_a_folder_it_cannot_write_in_one_line(db_path: Path) -> None:
    db_path.parent.chmod(0o555)
    try:
        result = _refused(db_path)
    finally:
        db_path.parent.chmod(0o755)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    assert "cannot be written" in lines[0]


@pytest.mark.sqlite_only("the SQLite file made read-only (chmod 444)")
def test_serve_refuses_a_read_only_database_in_one_line(db_path: Path) -> None:
    db_path.chmod(0o444)
    result = _refused(db_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], result.stderr


@pytest.mark.sqlite_only("the SQLite file made read-only under a running server (readyz "
                         "checks the file's access; PostgreSQL's twin is "
                         "test_readyz_postgres.py)")
def test_readyz_is_not_ready_when_the_database_turns_read_only(db_path: Path) -> None:
    with _serving(db_path, prefix=_unprivileged()) as url:
        assert httpx.get(url + "/readyz", timeout=5.0).status_code == 200
        db_path.chmod(0o444)
        try:
            after = httpx.get(url + "/readyz", timeout=5.0)
        finally:
            db_path.chmod(0o644)
    assert after.status_code == 503
    assert str(db_path.parent) not in after.text


@pytest.mark.sqlite_only("the server's own SQLite write connection made read-only; the "
                         "file's name and folder are what must not reach an answer")
async def test_no_error_answer_names_a_file_of_the_server(site: Site) -> None:
    from tests.backend_factories.http import shared_server

    ctx = shared_server().app.state.ctx
    conn = ctx.backend._store._loop_write_conn  # the server's own write connection
    conn.execute("PRAGMA query_only = ON")  # as a read-only file would: every write fails
    try:
        async with site.client(Role.OPERATOR) as http:
            answer = await http.post("/v1/customers", json={"name": "Anna Rossi"})
    finally:
        conn.execute("PRAGMA query_only = OFF")
    assert answer.status_code == 503, answer.text
    folder = str(site.db_path.parent)
    assert folder not in answer.text and os.path.realpath(folder) not in answer.text
    assert site.db_path.name not in answer.text
    assert "the server's database" in answer.json()["message"]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def loggers() -> Iterator[None]:
    """Put the server's loggers back as they were after a test configures them."""
    names = ("centralino.access", "centralino.server")
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level,
                 logging.getLogger(n).propagate) for n in names}
    try:
        yield
    finally:
        for name, (handlers, level, propagate) in saved.items():
            logger = logging.getLogger(name)
            for handler in logger.handlers:
                if handler not in handlers:
                    handler.close()
            logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_access_log_is_private_under_umask_022(tmp_path: Path, umask_022: None,
                                                   loggers: None) -> None:
    from console.cli_server import _json_logging, _worker_log_config

    log = tmp_path / "logs" / "access.jsonl"
    _json_logging(str(log))
    logging.getLogger("centralino.access").info(json.dumps({"path": "/v1/x"}))
    assert (_mode(log), _mode(log.parent)) == (0o600, 0o700)
    assert "/v1/x" in log.read_text()

    worker_log = tmp_path / "workers" / "access.jsonl"  # as each worker process opens it
    logging.config.dictConfig(_worker_log_config(str(worker_log)))
    logging.getLogger("centralino.access").info("line")
    assert (_mode(worker_log), _mode(worker_log.parent)) == (0o600, 0o700)


def test_the_access_log_is_not_opened_through_a_symlink(tmp_path: Path, umask_022: None,
                                                        loggers: None) -> None:
    from console.cli_server import _json_logging

    victim = tmp_path / "victim.txt"
    victim.write_text("theirs\n")
    link = tmp_path / "access.jsonl"
    link.symlink_to(victim)
    with pytest.raises(SystemExit):
        _json_logging(str(link))
    assert victim.read_text() == "theirs\n"


def test_serve_help_names_the_limits() -> None:
    result = subprocess.run(_serve_command(free_port(), "--help"), capture_output=True,
                            text=True, timeout=60, check=False)
    for option in ("--head-timeout", "--body-timeout", "--keep-alive", "--max-connections"):
        assert option in result.stdout

