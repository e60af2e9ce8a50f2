"""Callbacks at scale on SQLite: the due list of one operator, booking one, and the hand-over
sweep, with N open callbacks of 50 operators in the file (a fifth of them due now).

    .venv/bin/python bench/callbacks.py [--callbacks 100000] [--runs 7]

The callbacks are written straight into the table in one transaction (the bench measures the
use cases, not the seeding). Prints the median of `runs` runs of each use case, in
milliseconds. Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackDraft
from backends.callbacks.rules import ends
from backends.people.models import Operator
from backends.sqlite import SqliteBackend
from backends.sqlite import rows as row_format

OPERATORS = [f"op{i:02d}" for i in range(50)]


def fill(conn: Any, count: int, now: datetime) -> None:
    rng = random.Random(7)
    batch = []
    for _ in range(count):
        due = now + timedelta(minutes=rng.randint(-600, 4 * 24 * 60))
        if rng.random() < 0.2:
            due = now - timedelta(minutes=rng.randint(1, 50))  # due now, inside its window
        times = ends(due, 60, 30)
        batch.append((
            "+390612345678", "bench", row_format.to_ts(due), 60, 30,
            row_format.to_ts(times["window_end"]), row_format.to_ts(times["handover_at"]),
            rng.choice(("personal", "personal", "personal", "anyone")), rng.choice(OPERATORS),
            "general", "open", row_format.to_ts(now),
            json.dumps([{"at": now.isoformat(), "by": "bench", "what": "booked"}])))
    conn.executemany(
        "INSERT INTO callbacks (number, reason, due_at, window_minutes, grace_minutes, "
        "window_end, handover_at, scope, owner, queue, state, created_at, history) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)


async def median_ms(work: Callable[[], Awaitable[Any]], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def main(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with SqliteBackend(Path(folder) / "bench.db") as store:
            for name in OPERATORS:
                await store.people.upsert_operator(Operator(name=name, display_name=name))
            now = datetime.now(UTC)
            await store.run_write(lambda conn: fill(conn, count, now))
            callbacks = store.domain(CALLBACKS)
            due = await callbacks.list_due("op07")
            print(f"{count:,} open callbacks, 50 operators; op07 has {len(due)} due")
            figures = {
                "list_due (one operator)": lambda: callbacks.list_due("op07"),
                "book_callback": lambda: callbacks.book_callback(CallbackDraft(
                    number="+390612345678", owner="op07", due_at=now + timedelta(hours=1))),
                "hand_over_overdue": callbacks.hand_over_overdue,
            }
            for name, work in figures.items():
                print(f"  {name:<28} {await median_ms(work, runs):8.2f} ms (median of {runs})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callbacks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.callbacks, args.runs))
