"""`centralino simulate` as a real process on a real SQLite file."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tests.sim.conftest import open_store, seed, sqlite_url

CENTRALINO = str(Path(sys.executable).with_name("centralino"))


def _run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CENTRALINO, *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


async def _prepare(path: Path) -> None:
    backend = await open_store(path)
    try:
        await seed(backend)
    finally:
        await backend.close()


async def _count_calls(path: Path) -> int:
    backend = await open_store(path)
    try:
        return len(await backend.calls.list_calls(limit=100_000))
    finally:
        await backend.close()


async def test_simulate_runs_for_its_duration_and_leaves_calls(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    await _prepare(db)
    done = await asyncio.to_thread(
        _run, "--backend", sqlite_url(db), "simulate", "--duration", "2", "--rate", "300",
        "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Done:" in done.stdout
    calls = await _count_calls(db)
    assert calls > 0
    assert f"Done: {calls} calls" in done.stdout


def test_bad_options_are_clean_errors(tmp_path: Path) -> None:
    db = sqlite_url(tmp_path / "x.db")
    for args, hint in ((["simulate", "--rate", "-1"], "--rate"),
                       (["simulate", "--patience", "90-30"], "--patience"),
                       (["--backend", "ftp://nowhere", "simulate", "--duration", "1"],
                        "not a backend URL")):
        done = _run("--backend", db, *args) if args[0] == "simulate" else _run(*args)
        assert done.returncode != 0, args
        assert "Traceback" not in done.stderr, done.stderr
        assert hint in done.stderr, done.stderr


def test_ctrl_c_stops_with_a_summary(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    asyncio.run(_prepare(db))
    process = subprocess.Popen(
        [CENTRALINO, "--backend", sqlite_url(db), "simulate", "--rate", "600", "--seed", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    watchdog = threading.Timer(30, process.kill)  # bounds the blocking reads below
    watchdog.start()
    try:
        assert process.stdout is not None
        # the first event line comes after the Ctrl-C handler is installed
        for line in process.stdout:
            if "waits in" in line:
                break
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "Done:" in out
