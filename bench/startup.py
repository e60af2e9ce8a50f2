"""Start-up and lookup latency of the console in a real terminal (tmux, 120x40).

    .venv/bin/python bench/startup.py [--runs 5] [--big 1000000] [--fresh] [--quick]

Prints medians of:
  * a bare Textual hello-world app: exec → its text on screen (the floor);
  * the console on a small database: exec → the queue's title on screen (the first frame:
    console.boot draws the main screen's outline from click and Textual alone, then loads
    settings, backend and screens after it);
  * the console on a database of --big customers: the same;
  * both: exec → ready (status line past "Connecting…": settings read, store open, queue
    read, the real main screen in place);
  * at --big customers: keypress (a name typed into the lookup) → results on screen.
Wall time and the CPU time the process used by then are both printed: on a busy machine the
wall clock measures the neighbours too. Targets (charter): start-up ≤ 0.6 s (hello world
≈ 0.45 s here), lookup results feel instant.
Needs tmux. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_db import CENTRALINO, sample_customer, seeded_db, url
from tmux_term import TmuxPane, cpu_seconds, summary

HELLO = '''
from textual.app import App
from textual.widgets import Static


class Hello(App):
    def compose(self):
        yield Static("Hello, bench")


Hello().run()
'''
QUEUE_TITLE = "Queue"


def queue_shown(screen: str) -> bool:
    return QUEUE_TITLE in screen


def console_ready(screen: str) -> bool:
    """The queue is drawn and the status line no longer says "Connecting…" (store open,
    operator signed in, first queue read done)."""
    lines = screen.splitlines()
    return QUEUE_TITLE in screen and bool(lines) and "Connecting" not in lines[0]


def time_to_screen(command: list[str],
                   predicate: Callable[[str], bool]) -> tuple[float, float]:
    """(wall seconds from exec until `predicate(screen)`, CPU seconds the process used)."""
    with TmuxPane(command) as pane:
        started = pane.start()
        shown = pane.wait_for(predicate)
        cpu = cpu_seconds(pane.pid())
    time.sleep(0.2)  # let the killed process go before the next run
    return shown - started, cpu


def measured(command: list[str], predicate: Callable[[str], bool],
             runs: int) -> list[tuple[float, float]]:
    """`runs` timings after one discarded warm-up run (bytecode written, files cached)."""
    time_to_screen(command, predicate)
    return [time_to_screen(command, predicate) for _ in range(runs)]


def report(label: str, runs: list[tuple[float, float]]) -> None:
    print(summary(f"{label} (wall)", [wall for wall, _cpu in runs]), flush=True)
    print(summary(f"{label} (CPU)", [cpu for _wall, cpu in runs]), flush=True)


def console(db: Path) -> list[str]:
    return [CENTRALINO, "--backend", url(db), "--operator", "bench"]


def lookup_latency(db: Path, run: int) -> tuple[float, float]:
    """F3 opens the lookup; the time runs from sending a name until a result row shows it.

    The typed text echoes in the input line, so the name must appear on a second line.
    Returns (wall seconds, CPU seconds the console spent meanwhile)."""
    name, _code = sample_customer(db, run)
    query = name.split()[0][:6]
    with TmuxPane(console(db)) as pane:
        pane.start()
        pane.wait_for(console_ready)
        pane.send("F3")
        time.sleep(0.5)  # the lookup field takes focus
        before = pane.capture().count(query)
        cpu_before = cpu_seconds(pane.pid())
        started = time.perf_counter()
        pane.send(query, literal=True)
        shown = pane.wait_for(lambda screen: screen.count(query) >= before + 2)
        cpu = cpu_seconds(pane.pid()) - cpu_before
    time.sleep(0.2)
    return shown - started, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", type=int, default=1000, help="customers in the small DB")
    parser.add_argument("--big", type=int, default=1_000_000, help="customers in the big DB")
    parser.add_argument("--fresh", action="store_true", help="reseed the cached databases")
    parser.add_argument("--quick", action="store_true",
                        help="only hello world and the big DB's exec → queue shown")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO)
        runs = measured([sys.executable, str(hello)], lambda screen: "Hello, bench" in screen,
                        args.runs)
        report("textual hello world, exec → first frame", runs)

    big = seeded_db(args.big, fresh=args.fresh)
    if args.quick:
        report(f"console, {args.big:,} customers, exec → queue shown",
               measured(console(big), queue_shown, args.runs))
        return
    small = seeded_db(args.small, fresh=args.fresh)
    for customers, db in ((args.small, small), (args.big, big)):
        report(f"console, {customers:,} customers, exec → queue shown",
               measured(console(db), queue_shown, args.runs))
        report(f"console, {customers:,} customers, exec → ready (queue read, signed in)",
               measured(console(db), console_ready, args.runs))

    report(f"lookup at {args.big:,} customers, keys sent → results shown",
           [lookup_latency(big, run) for run in range(args.runs)])


if __name__ == "__main__":
    main()
