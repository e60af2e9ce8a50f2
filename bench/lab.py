"""The training lab on a low-end machine: 30 trainees' consoles on one SQLite file, each in a
real terminal (tmux, 80x24), and the instructor's board beside them.

    .venv/bin/python bench/lab.py [--consoles 30] [--idle 10] [--board-samples 10]

Prints:
  * idle CPU per console (CPU seconds used over --idle seconds with nobody typing, as %);
  * RSS per console once its caller pane is drawn, against a bare Textual app's in the same
    run (and the ratio: target ≤ 1.5), and again after each trainee acted twice;
  * a trainee's action → the caller's next line on that trainee's screen (key sent → line
    shown), p50 and p95 over every console (target p95 ≤ 100 ms);
  * the instructor's board: a trainee's action committed → the board showing it (target
    ≤ 0.5 s).
Screens are read by polling tmux every 10 ms, which adds up to that to each latency. Needs
tmux. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_db import CENTRALINO
from startup import HELLO
from tmux_term import TmuxPane, cpu_seconds, vm_status

from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from backends.training.inputs import SessionDraft
from backends.training.play import TraineeAction
from backends.training.scenarios import Action

RING = "(The phone rings.)"
REQUEST = "Good morning, I would like"
IMPATIENT = "asked who I am"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def make_class(db: Path, trainees: list[str]) -> int:
    async with SqliteBackend(db) as store:
        lab = store.domain(TRAINING)
        session = await lab.create_session(SessionDraft(name="Bench", trainees=trainees))
        for trainee in trainees:
            await lab.assign(session.id, trainee, ["identify-calm", "info-opening-hours"])
        await lab.start_session(session.id)
        return session.id


async def record(db: Path, trainee: str, kind: Action, value: str | None = None) -> float:
    """Commit one action as `trainee` (as their console would); perf_counter after commit."""
    async with SqliteBackend(db) as store:
        lab = store.domain(TRAINING)
        (current,) = [a for a in await lab.list_assignments(trainee=trainee)
                      if a.state.value == "active"]
        await lab.record(current.id, trainee, TraineeAction(kind=kind, value=value))
        return time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consoles", type=int, default=30)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--board-samples", type=int, default=10)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="lab-bench-"))
    db = home / "lab.db"
    trainees = [f"t{n:02d}" for n in range(1, args.consoles + 1)]
    session = asyncio.run(make_class(db, trainees))
    env = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "CENTRALINO_BACKEND": str(db)}
    if os.environ.get("PYTHONPATH"):  # measure another checkout (before/after, back to back)
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    hello_file = home / "hello.py"
    hello_file.write_text(HELLO)
    panes: list[TmuxPane] = []
    try:
        bare = TmuxPane([sys.executable, str(hello_file)], width=80, height=24)
        panes.append(bare)
        bare.start()
        bare.wait_for(lambda s: "Hello, bench" in s)
        for trainee in trainees:
            pane = TmuxPane([CENTRALINO, "lab", "train"], width=80, height=24,
                            env={**env, "CENTRALINO_OPERATOR": trainee})
            panes.append(pane)
            pane.start()
        for pane in panes[1:]:
            pane.wait_for(lambda s: RING in s, timeout=180)
        board = TmuxPane([CENTRALINO, "--operator", "ines", "lab", "board", str(session)],
                         width=80, height=40, env=env)
        panes.append(board)
        board.start()
        board.wait_for(lambda s: "t01" in s and "Instructor" in s, timeout=60)
        time.sleep(2.0)  # every first frame and first read done
        consoles = panes[1:-1]
        pids = [p.pid() for p in consoles]
        bare_rss = vm_status(bare.pid())["VmRSS"] / 1024
        rss = [vm_status(pid)["VmRSS"] / 1024 for pid in pids]
        before = [cpu_seconds(pid) for pid in pids]
        time.sleep(args.idle)
        idle = [(cpu_seconds(pid) - b) / args.idle * 100 for pid, b in zip(pids, before,
                                                                           strict=True)]
        latencies: list[float] = []
        for pane in consoles:
            for key, shown in (("a", REQUEST), ("w", IMPATIENT)):
                sent = time.perf_counter()
                pane.send(key, literal=True)
                latencies.append(pane.wait_for(lambda s, t=shown: t in s) - sent)
        # after the trainees acted (each action stored): what a console holds while it works
        acted = [vm_status(pid)["VmRSS"] / 1024 for pid in pids]
        board_lag: list[float] = []
        for trainee in trainees[:args.board_samples]:
            committed = asyncio.run(record(db, trainee, Action.IDENTIFY, "Anna Verdi"))
            board_lag.append(board.wait_for(
                lambda s, t=trainee: any(t in line and "explain" in line
                                         for line in s.splitlines())) - committed)
    finally:
        for pane in panes:
            pane.kill()
    print(f"consoles: {len(pids)} on one SQLite file ({db}), machine: {os.cpu_count()} cores")
    print(f"idle CPU per console over {args.idle:g} s: median {statistics.median(idle):.2f} %,"
          f" max {max(idle):.2f} % (target ≤ 1 %)")
    print(f"RSS: bare Textual app {bare_rss:.1f} MB; console median "
          f"{statistics.median(rss):.1f} MB, max {max(rss):.1f} MB; ratio "
          f"{statistics.median(rss) / bare_rss:.2f} (target ≤ 1.5)")
    print(f"RSS after two actions each: console median {statistics.median(acted):.1f} MB, "
          f"max {max(acted):.1f} MB; ratio {statistics.median(acted) / bare_rss:.2f}")
    print(f"action → caller's next line: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms over {len(latencies)} "
          "(target p95 ≤ 100 ms)")
    print(f"board after a change: median {statistics.median(board_lag):.3f} s, max "
          f"{max(board_lag):.3f} s over {len(board_lag)} (target ≤ 0.5 s); each: "
          + ", ".join(f"{lag:.2f}" for lag in board_lag))


if __name__ == "__main__":
    main()
