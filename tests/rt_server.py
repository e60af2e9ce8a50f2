"""A real Request Tracker 5 for the test run: started once (lazily, by the first test that
needs it) with the project's scripts/rt/start-rt.sh in a state dir under pytest's tmp dir,
bound to 127.0.0.1, bcrypt cost 4; stopped by its PID when the session ends. Under xdist
the workers share one (tests/shared_servers.py).

If RT cannot start, every test that needs it fails with the script's output: never a skip.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import shared_servers

ROOT = Path(__file__).resolve().parent.parent
START = ROOT / "scripts" / "rt" / "start-rt.sh"
STOP = ROOT / "scripts" / "rt" / "stop-rt.sh"
AGENT_PASSWORD = "agent-password"


@dataclass(frozen=True)
class RtServer:
    url: str
    pid: int
    state: Path
    user: str
    password: str
    token: str
    agent_user: str = "agent"
    agent_password: str = AGENT_PASSWORD

    @property
    def backend_url(self) -> str:
        return "rt+" + self.url


def stop_orphans(base: Path) -> None:
    """Stop RT servers left by earlier test runs that were killed before their cleanup ran:
    each state dir records its test process; when that process is gone, so goes its RT."""
    shared = Path(tempfile.gettempdir()).glob(
        f"{shared_servers.SHARED_PREFIX}*/rt-state/owner.pid")
    for owner_file in [*base.glob("pytest-*/rt-state*/owner.pid"), *shared]:
        state = owner_file.parent
        try:
            owner = int(owner_file.read_text().strip())
        except ValueError:
            continue
        if (state / "rt-server.pid").is_file() and not Path(f"/proc/{owner}").exists():
            subprocess.run(["bash", str(STOP), str(state)], capture_output=True, timeout=60,
                           check=False)


def start(state: Path, *, templates: Path | None = None, timeout: float = 180.0,
          extra_config: str | None = None, owner: int | None = None) -> RtServer:
    """Start (or restart) the RT of `state`; `templates` caches a fresh database between runs
    (RT's own initialisation is the slow part of starting). `extra_config`: lines of
    RT_SiteConfig (Perl) read after the script's own, for an RT configured differently.
    `owner`: the process whose end makes this RT an orphan (default: this one)."""
    state.mkdir(parents=True, exist_ok=True)
    if extra_config is not None:
        (state / "conf.d").mkdir(exist_ok=True)
        (state / "conf.d" / "test-extra.pm").write_text(extra_config + "\n1;\n")
    (state / "owner.pid").write_text(f"{owner or os.getpid()}\n")
    env = {**os.environ, "RT_BCRYPT_COST": "4", "RT_AGENT_PASSWORD": AGENT_PASSWORD,
           "RT_WORKERS": "3"}
    if templates is not None:
        env["RT_DB_TEMPLATE_DIR"] = str(templates)
    done = subprocess.run(["bash", str(START), str(state)], env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not (state / "env").is_file():
        raise RuntimeError(f"Request Tracker did not start (exit {done.returncode}):\n"
                           f"{done.stderr[-3000:]}\n{done.stdout[-1000:]}")
    values = dict(line.split("=", 1) for line in (state / "env").read_text().splitlines()
                  if "=" in line)
    return RtServer(url=values["RT_URL"], pid=int(values["RT_PID"]), state=state,
                    user=values["RT_USER"], password=values["RT_PASSWORD"],
                    token=Path(values["RT_TOKEN_FILE"]).read_text().strip())


def to_json(server: RtServer) -> dict[str, str | int]:
    return {**asdict(server), "state": str(server.state)}


def from_json(values: dict[str, Any]) -> RtServer:
    return RtServer(**{**values, "state": Path(values["state"])})


def stop_json(values: dict[str, Any]) -> None:
    stop(from_json(values))


def stop(server: RtServer) -> None:
    subprocess.run(["bash", str(STOP), str(server.state)], capture_output=True, text=True,
                   timeout=60, check=False)


_SERVER_KEY = pytest.StashKey["RtServer | BaseException"]()


def runs_folder(request: pytest.FixtureRequest) -> Path:
    """pytest's folder for all runs (RT's database templates are kept there between runs);
    under xdist a worker's own folder is one level deeper."""
    factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
    run = factory.getbasetemp().parent
    return run if shared_servers.shared_dir(request.config) is None else run.parent


@contextlib.contextmanager
def own_server(request: pytest.FixtureRequest, name: str,
               extra_config: str | None = None) -> Iterator[RtServer]:
    """An RT of the caller's own, for a test that stops it or configures it differently
    (the run's RT is shared by every test, and by every worker under xdist)."""
    factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
    server = start(factory.mktemp(name), templates=runs_folder(request) / "rt-db-templates",
                   extra_config=extra_config)
    try:
        yield server
    finally:
        stop(server)


def session_server(request: pytest.FixtureRequest) -> RtServer:
    """The run's RT, started on first use; a failed start fails every later user too."""
    stash = request.config.stash
    if _SERVER_KEY not in stash:
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        shared = shared_servers.shared_dir(request.config)
        stop_orphans(runs_folder(request))
        templates = runs_folder(request) / "rt-db-templates"
        try:
            if shared is None:
                server = start(factory.mktemp("rt-state"), templates=templates)
                request.config.add_cleanup(lambda: stop(server))
            else:  # the xdist controller stops it once every worker is done
                owner = shared_servers.controller_owner_pid(request.config)
                server = shared_servers.started_once(
                    shared, "rt", lambda: start(shared / "rt-state", templates=templates,
                                                owner=owner),
                    to_json, from_json)
        except BaseException as exc:
            stash[_SERVER_KEY] = exc
            raise
        stash[_SERVER_KEY] = server
    found = stash[_SERVER_KEY]
    if isinstance(found, BaseException):
        raise RuntimeError(f"Request Tracker failed to start earlier: {found}")
    return found
