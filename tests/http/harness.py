"""A real uvicorn server on 127.0.0.1 in a thread, over a real SQLite file, for tests.

The listening socket is bound before the thread starts (port 0: the kernel picks a free port,
no race), so the port is known at once and start-up is only the app's lifespan.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path

import uvicorn

from backends.models import Role
from backends.server import ServerConfig, create_app
from backends.server.provision import add_operator, issue_token
from backends.sqlite import SqliteBackend

START_TIMEOUT = 15.0


def provision(db_path: Path, operators: dict[str, Role]) -> dict[str, str]:
    """Create `operators` (name → role) in the file and a token for each; name → token.
    Runs its own event loop: call it from a thread (asyncio.to_thread) inside async tests."""

    async def create() -> None:
        backend = SqliteBackend(db_path)
        await backend.open()
        try:
            for name, role in operators.items():
                await add_operator(backend, name, role)
        finally:
            await backend.close()

    asyncio.run(create())
    return {name: issue_token(db_path, name) for name in operators}


def service_token(db_path: Path, name: str = "conformance", role: Role = Role.ADMIN) -> str:
    """A token for a program rather than an operator: the store stays empty of operators."""
    return issue_token(db_path, name, service_role=role)


class ServerThread:
    def __init__(self, db_path: Path, *, heartbeat: float = 1.0, poll_interval: float = 0.05,
                 max_body: int | None = None) -> None:
        self.db_path = db_path
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        extra = {"max_body": max_body} if max_body else {}
        config = ServerConfig(auth_db=db_path, heartbeat=heartbeat, poll_interval=poll_interval,
                              **extra)
        app = create_app(lambda: SqliteBackend(db_path), config)
        self.server = uvicorn.Server(uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="on",
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
