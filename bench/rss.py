"""Memory of the console process on a big database, in a real terminal (tmux, 120x40).

    .venv/bin/python bench/rss.py [--runs 5] [--customers 1000000] [--fresh]

Reads VmRSS (resident now) and VmHWM (peak) from /proc/<pid>/status once the console is
ready (queue read, operator signed in), and again after a lookup. Target (charter): ≤ 90 MB at 1M
customers. Needs tmux. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_db import seeded_db
from startup import console, console_ready
from tmux_term import TmuxPane, vm_status

SETTLE = 1.0  # seconds after the console is ready: first refreshes done


def measure(db_customers: int, fresh: bool) -> dict[str, int]:
    db = seeded_db(db_customers, fresh=fresh)
    with TmuxPane(console(db)) as pane:
        pane.start()
        pane.wait_for(console_ready)
        time.sleep(SETTLE)
        pid = pane.pid()
        first = vm_status(pid)
        pane.send("F3")
        time.sleep(0.3)
        pane.send("ma", literal=True)
        time.sleep(1.5)
        after = vm_status(pid)
    time.sleep(0.2)
    return {"rss_start": first["VmRSS"], "hwm_start": first["VmHWM"],
            "rss_lookup": after["VmRSS"], "hwm_lookup": after["VmHWM"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    runs = [measure(args.customers, args.fresh and i == 0) for i in range(args.runs)]
    for key, label in (("rss_start", "VmRSS once ready"),
                       ("hwm_start", "VmHWM once ready"),
                       ("rss_lookup", "VmRSS after a lookup"),
                       ("hwm_lookup", "VmHWM after a lookup")):
        values = [r[key] / 1024 for r in runs]
        shown = ", ".join(f"{v:.1f}" for v in values)
        print(f"{label} at {args.customers:,} customers: median "
              f"{statistics.median(values):.1f} MB (runs: {shown})")


if __name__ == "__main__":
    main()
