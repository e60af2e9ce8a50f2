"""A real terminal for benchmarks: a detached tmux session of a fixed size, read by polling
`tmux capture-pane`. Needs tmux (Debian: `apt-get install -y tmux`)."""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

POLL = 0.01  # seconds between two screen captures


def require_tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        raise SystemExit("tmux is needed for this benchmark: apt-get install -y tmux")
    return tmux


class TmuxPane:
    """One command running in a detached tmux session of `width` x `height` cells."""

    def __init__(self, command: list[str], *, width: int = 120, height: int = 40,
                 env: dict[str, str] | None = None) -> None:
        self.tmux = require_tmux()
        self.session = f"bench-{uuid.uuid4().hex[:8]}"
        self.command = command
        self.width, self.height = width, height
        self.env = env or {}
        self.started_at = 0.0

    def start(self) -> float:
        """Start the command; returns the perf_counter time just before tmux was asked."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        # bytecode caches on, as in an installed program (a development shell often sets
        # PYTHONDONTWRITEBYTECODE, which recompiles every module of the tree on each start)
        shell = f"exec env -u PYTHONDONTWRITEBYTECODE {exports} {shlex.join(self.command)}"
        self.started_at = time.perf_counter()
        subprocess.run([self.tmux, "new-session", "-d", "-s", self.session,
                        "-x", str(self.width), "-y", str(self.height), shell],
                       check=True, env={**os.environ, "TERM": "xterm-256color"})
        return self.started_at

    def capture(self) -> str:
        done = subprocess.run([self.tmux, "capture-pane", "-p", "-t", self.session],
                              capture_output=True, text=True, check=False)
        return done.stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        args = [self.tmux, "send-keys", "-t", self.session, *(["-l"] if literal else []), *keys]
        subprocess.run(args, check=True)

    def pid(self) -> int:
        """The command's pid (the pane's process: `exec` replaced the shell)."""
        done = subprocess.run([self.tmux, "display-message", "-p", "-t", self.session,
                               "#{pane_pid}"], capture_output=True, text=True, check=True)
        return int(done.stdout.strip())

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Poll the screen until `predicate(screen)`; returns perf_counter at that moment."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if predicate(self.capture()):
                return time.perf_counter()
            time.sleep(POLL)
        raise TimeoutError(f"screen never matched within {timeout} s:\n{self.capture()}")

    def kill(self) -> None:
        subprocess.run([self.tmux, "kill-session", "-t", self.session],
                       capture_output=True, check=False)

    def __enter__(self) -> TmuxPane:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


def vm_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far: robust to a busy machine, where the
    wall clock mostly measures the neighbours."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def summary(label: str, samples: list[float], unit: str = "s") -> str:
    shown = ", ".join(f"{s:.3f}" for s in samples)
    return (f"{label}: median {statistics.median(samples):.3f} {unit} "
            f"(min {min(samples):.3f}, max {max(samples):.3f}; runs: {shown})")
