"""A real PostgreSQL for the test run (Debian's `postgresql` package): `initdb` into a fresh
temporary folder, listening on 127.0.0.1 at a random free port and on a unix socket in that
folder, started once (lazily, by the first test that needs it) and stopped by its PID when the
session ends (under xdist the workers share one: tests/shared_servers.py). Run as the
`postgres` user when the tests run as root (PostgreSQL refuses root).

Each test gets a database of its own, dropped afterwards: an empty one (`create_database`),
or for the backend factories one with the schema already made (`create_migrated_database`, a
copy of a template the run migrates once).

If PostgreSQL cannot start, every test that needs it fails with its log: never a skip.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests import shared_servers

if TYPE_CHECKING:
    from backends.postgres import PostgresBackend

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class PgServer:
    folder: Path
    port: int
    pid: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"


def _binary(name: str) -> str:
    for folder in BIN_DIRS:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is missing: run  sudo bash .ci/install-pg.sh")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner(argv: list[str], owner: str | None, folder: Path) -> list[str]:
    """`argv` run as `owner` (None: as ourselves). Where /dev/null is closed to other users
    (a machine may come that way; our own access log once made it 0600, see
    backends/private_files.open_private_append), the command runs in a mount namespace of its
    own in which a null device of mode 0666 (made in `folder`) is bound over /dev/null:
    initdb and the server write to it."""
    if not owner:
        return argv
    as_owner = ["runuser", "-u", owner, "--", *argv]
    if os.stat("/dev/null").st_mode & 0o006 == 0o006:
        return as_owner
    null = folder / "null"
    if not null.exists():
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.chmod(null, 0o666)
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            'mount --bind "$0" /dev/null && exec "$@"', str(null), *as_owner]


def start(durable: bool = False) -> PgServer:
    """initdb and start a server; RuntimeError with the log when it does not come up.
    Tests run without fsync (nothing needs to survive a power cut); `durable` (benchmarks)
    keeps PostgreSQL's defaults."""
    owner = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="centralino-pg-"))
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data = folder / "data"
    user = "centralino"
    initdb = [_binary("initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8"]
    init = subprocess.run(_as_owner(initdb, owner, folder),
                          capture_output=True, text=True, timeout=120, check=False)
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed (exit {init.returncode}):\n{init.stderr[-3000:]}")
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    done = subprocess.run(_as_owner([_binary("pg_ctl"), "-D", str(data), "-l",
                                     str(folder / "log"), "-w", "-t", str(int(START_TIMEOUT)),
                                     "-o", options, "start"], owner, folder),
                          capture_output=True, text=True, timeout=START_TIMEOUT + 10,
                          check=False)
    pid_file = data / "postmaster.pid"
    if done.returncode != 0 or not pid_file.is_file():
        log = (folder / "log").read_text() if (folder / "log").is_file() else ""
        raise RuntimeError(f"PostgreSQL did not start (exit {done.returncode}):\n"
                           f"{done.stderr[-2000:]}\n{log[-3000:]}")
    pid = int(pid_file.read_text().splitlines()[0])
    return PgServer(folder=folder, port=port, pid=pid, user=user)


def restart(server: PgServer, down_for: float = 0.0) -> PgServer:
    """Stop the server by its PID (fast shutdown: every connection is closed), wait
    `down_for` seconds, start it again on the same folder and port; the new server."""
    _stop_process(server.pid)
    time.sleep(down_for)
    owner = "postgres" if os.geteuid() == 0 else None
    data = server.folder / "data"
    options = (f"-p {server.port} -k {server.folder} -c listen_addresses=127.0.0.1 "
               "-c max_connections=300 -c fsync=off")
    done = subprocess.run(_as_owner([_binary("pg_ctl"), "-D", str(data), "-l",
                                     str(server.folder / "log"), "-w", "-o", options,
                                     "start"], owner, server.folder),
                          capture_output=True, text=True, timeout=START_TIMEOUT + 10,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"PostgreSQL did not start again: {done.stderr[-2000:]}")
    pid = int((data / "postmaster.pid").read_text().splitlines()[0])
    return PgServer(folder=server.folder, port=server.port, pid=pid, user=server.user)


def _stop_process(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)


def stop(server: PgServer) -> None:
    """Fast shutdown by PID (SIGINT), wait for the process to go, remove its folder."""
    _stop_process(server.pid)
    shutil.rmtree(server.folder, ignore_errors=True)


def to_json(server: PgServer) -> dict[str, str | int]:
    return {**asdict(server), "folder": str(server.folder)}


def from_json(values: dict[str, Any]) -> PgServer:
    return PgServer(**{**values, "folder": Path(values["folder"])})


def stop_json(values: dict[str, Any]) -> None:
    stop(from_json(values))


_SERVER_KEY = pytest.StashKey["PgServer | BaseException"]()


def session_server(request: pytest.FixtureRequest) -> PgServer:
    """The run's PostgreSQL, started on first use; a failed start fails every later user."""
    stash = request.config.stash
    if _SERVER_KEY not in stash:
        shared = shared_servers.shared_dir(request.config)
        try:
            if shared is None:
                server = start()
                request.config.add_cleanup(lambda: stop(server))
            else:  # the xdist controller stops it once every worker is done
                server = shared_servers.started_once(shared, "postgres", start, to_json,
                                                     from_json)
        except BaseException as exc:
            stash[_SERVER_KEY] = exc
            raise
        stash[_SERVER_KEY] = server
    found = stash[_SERVER_KEY]
    if isinstance(found, BaseException):
        raise RuntimeError(f"PostgreSQL failed to start earlier: {found}")
    return found


def create_database(server: PgServer) -> str:
    """A new empty database; its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)


# template databases, migrated once per run: (server port, the registered domains' storage)
# → name. Keyed by the domains, since a test may register one of its own for a while.
_TEMPLATES: dict[tuple[int, tuple[tuple[str, str], ...]], str] = {}


def create_migrated_database(server: PgServer) -> str:
    """A new database holding every registered domain's tables, as a backend's first open
    leaves it (the backend's own open then finds nothing pending); its URL. A copy of a
    template migrated once per run: migrating each test's database on open took about 0.6 s
    of the 0.8 s each PostgreSQL conformance test spent setting up, the copy about 0.12 s
    (loaded 2-core machine, medians of 7)."""
    import psycopg

    from backends import domain_registry

    key = (server.port, tuple((parts.name, parts.postgres)
                              for parts in domain_registry.registered()))
    template = _TEMPLATES.get(key)
    if template is None:
        url = create_database(server)
        # the backend's own open migrates it; on a thread of its own, as the caller may be
        # running an event loop
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, _open_and_close(url)).result()
        template = _TEMPLATES[key] = url.rsplit("/", 1)[1]
    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return server.url(name)


def clone_database(server: PgServer, template_url: str) -> str:
    """A new database copied from the one at `template_url` (which nobody may be connected
    to: PostgreSQL copies it file by file); its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    template = template_url.rsplit("/", 1)[1]
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return server.url(name)


async def _open_and_close(url: str) -> None:
    from backends.postgres import PostgresBackend

    backend = PostgresBackend(url, pool_size=1)
    await backend.open()
    await backend.close()


def drop_database(server: PgServer, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.asynccontextmanager
async def migrated_database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A migrated database of the run's PostgreSQL for one test (its URL), dropped after."""
    server = session_server(request)
    url = await asyncio.to_thread(create_migrated_database, server)
    try:
        yield url
    finally:
        await asyncio.to_thread(drop_database, server, url)


@contextlib.asynccontextmanager
async def opened_backend(request: pytest.FixtureRequest,
                         pool_size: int = 2) -> AsyncIterator[PostgresBackend]:
    """A PostgresBackend opened on a migrated database of its own (dropped after)."""
    from backends.postgres import PostgresBackend

    async with migrated_database(request) as url:
        opened = PostgresBackend(url, pool_size=pool_size)
        await opened.open()
        try:
            yield opened
        finally:
            await opened.close()
