"""A real uvicorn server on 127.0.0.1 in a thread, over a real SQLite file or a database of the
run's real PostgreSQL, for tests.

The listening socket is bound before the thread starts (port 0: the kernel picks a free port,
no race), so the port is known at once and start-up is only the app's lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from backends.people.models import Role
from backends.protocol import Backend
from backends.server import ServerConfig, create_app
from backends.server import provision as provision_sqlite
from backends.server.app import build_app, close_context, open_context
from backends.server.asgi import served_store
from backends.server.provision import add_operator
from backends.sqlite import SqliteBackend
from backends.wire.core import MAX_BODY_BYTES

START_TIMEOUT = 60.0  # generous: the machine running the tests may be very busy


Target = Path | str  # a store: the SQLite file, or a PostgreSQL database's URL


def is_postgres(target: Target) -> bool:
    return isinstance(target, str) and target.startswith("postgresql://")


def store_backend(target: Target) -> Backend:
    """A backend (not yet open) on the store, as another process (the CLI) would open it."""
    if is_postgres(target):
        from backends.postgres import PostgresBackend

        return PostgresBackend(str(target), region="IT", pool_size=2)
    return SqliteBackend(Path(target))


def issue_token(target: Target, operator: str, expires_days: int | None = 90,
                service_role: Role | None = None) -> str:
    """A token in the store's token store (on PostgreSQL: in the database itself)."""
    if not is_postgres(target):
        return provision_sqlite.issue_token(Path(target), operator, expires_days, service_role)
    from backends.server.pg_state import PgTokenStore

    store = PgTokenStore(str(target))
    try:
        return store.issue(operator, expires_days,
                           Role(service_role).value if service_role else None)[1]
    finally:
        store.close()


def provision(target: Target, operators: dict[str, Role]) -> dict[str, str]:
    """Create `operators` (name → role) in the store and a token for each; name → token.
    Runs its own event loop: call it from a thread (asyncio.to_thread) inside async tests."""

    async def create() -> None:
        backend = store_backend(target)
        await backend.open()
        try:
            for name, role in operators.items():
                await add_operator(backend, name, role)
        finally:
            await backend.close()

    asyncio.run(create())
    return {name: issue_token(target, name) for name in operators}


def service_token(db_path: Path, name: str = "conformance", role: Role = Role.ADMIN) -> str:
    """A token for a program rather than an operator: the store stays empty of operators.
    The backend creates the file first (it refuses a file whose first tables are not its own)."""
    provision(db_path, {})
    return issue_token(db_path, name, service_role=role)


def served_backend(target: Target) -> Backend:
    """The store as the server opens it."""
    if is_postgres(target):
        from backends.postgres import PostgresBackend

        return PostgresBackend(str(target), region="IT", pool_size=4)
    return served_store(Path(target))


def make_app(target: Target, *, heartbeat: float = 1.0, poll_interval: float = 0.05,
             max_body: int | None = None) -> Any:
    extra = {"max_body": max_body} if max_body else {}
    config = ServerConfig(auth_db=None if is_postgres(target) else Path(target),
                          heartbeat=heartbeat, poll_interval=poll_interval, **extra)
    return create_app(lambda: served_backend(target), config)


class ServerThread:
    """uvicorn serving `app` on 127.0.0.1 (a free port) in a daemon thread."""

    def __init__(self, app: Any) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="on", interface="asgi3",
            timeout_graceful_shutdown=1, timeout_keep_alive=5))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       name=f"uvicorn-{self.port}", daemon=True)

    def start(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the test server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SharedServer:
    """One real uvicorn and one app for a whole test session; each test mounts its own context
    (own SQLite file, backend, token store, event hub) on it, so tests stay isolated without
    paying a server start and FastAPI's first-request warm-up each time."""

    def __init__(self, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = build_app(max_body)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.thread = ServerThread(self._dispatch).start()
        self.url = self.thread.url

    async def _dispatch(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self._loop = asyncio.get_running_loop()
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await self.app(scope, receive, send)

    def _on_server(self, coro: Any) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(START_TIMEOUT)

    @contextlib.contextmanager
    def mounted(self, target: Target, *, heartbeat: float = 1.0,
                poll_interval: float = 0.05) -> Iterator[str]:
        """Serve a fresh context over the store `target` (a SQLite file, or a PostgreSQL
        database's URL: tokens and idempotency records in that database) until the block
        ends; yields the base URL."""
        config = ServerConfig(auth_db=None if is_postgres(target) else Path(target),
                              heartbeat=heartbeat, poll_interval=poll_interval)
        ctx = self._on_server(open_context(lambda: served_backend(target), config))
        self.app.state.ctx = ctx
        try:
            yield self.url
        finally:
            self.app.state.ctx = None
            self._on_server(close_context(ctx))

    def stop(self) -> None:
        self.thread.stop()


class ServerProcess:
    """`centralino serve` as a real child process on 127.0.0.1 (for kill -9 and restarts)."""

    def __init__(self, db_path: Target, port: int | None = None,
                 access_log: Path | None = None, workers: int = 1,
                 log_dir: Path | None = None) -> None:
        self.workers = workers
        self.db_path = db_path  # the store: a SQLite file or a PostgreSQL database's URL
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = access_log
        # stderr goes to a file, never an undrained pipe (a full pipe would stall the server);
        # beside the SQLite file, else in `log_dir`
        folder = log_dir or (Path(tempfile.gettempdir()) if is_postgres(db_path)
                             else Path(db_path).parent)
        self.stderr_path = folder / f"serve-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        log = str(self.access_log) if self.access_log else os.devnull
        env = {**os.environ, "CENTRALINO_BACKEND": str(self.db_path)}
        with open(self.stderr_path, "ab") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", "from console.cli import main; main()", "serve",
                 "--host", "127.0.0.1",
                 "--port", str(self.port), "--access-log", log, "--heartbeat", "1",
                 "--workers", str(self.workers)],
                env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: "
                                   + self.stderr_path.read_text(errors="replace")[-2000:])
            try:
                if httpx.get(self.url + "/readyz", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("server did not become ready within 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, like a power cut of the process."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
