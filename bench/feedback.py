"""Feedback and survey campaigns at scale on SQLite: searching N complaints and suggestions
(the feedback screen's type-ahead and `centralino feedback list --search`), the survey of a
queue (read before every survey at the desk), and the customers to survey later among N
finished calls of N/5 customers.

    .venv/bin/python bench/feedback.py [--rows 100000] [--runs 7]

Rows are written straight into the tables in one transaction (the bench measures the use
cases, not the seeding). Prints the median of `runs` runs of each, in milliseconds. Figures
depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backends.sqlite import SqliteBackend
from backends.sqlite import rows as row_format
from backends.surveys.api import SURVEYS
from backends.surveys.models import FeedbackKind

TOPICS = ("billing", "line quality", "waiting time", "app", "opening hours", "technician")
WORDS = ("router", "invoice", "charged", "twice", "slow", "evening", "fibre", "mobile",
         "refund", "contract", "kind", "rude", "waited", "crackles", "drops")


def fill(conn: Any, count: int, now: datetime) -> None:
    rng = random.Random(11)
    stamp = row_format.to_ts(now)
    conn.executemany("INSERT INTO customers (name, created_at, updated_at) VALUES (?, ?, ?)",
                     [(f"Customer {n}", stamp, stamp) for n in range(max(1, count // 5))])
    conn.executemany(
        "INSERT INTO feedback (kind, topic, text, customer_id, product, operator, queue, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(rng.choice(("complaint", "suggestion")), rng.choice(TOPICS),
          " ".join(rng.choices(WORDS, k=8)), rng.randint(1, max(1, count // 5)),
          rng.choice(("", "fibre", "mobile")), f"op{rng.randint(0, 49):02d}", "support",
          row_format.to_ts(now - timedelta(minutes=rng.randint(0, 60 * 24 * 90))))
         for _ in range(count)])
    conn.executemany(
        "INSERT INTO calls (channel, direction, caller, customer_id, queue, priority, vip, "
        "state, arrived_at, operator, notes, version) VALUES "
        "('voice', 'inbound', ?, ?, ?, 0, 0, 'done', ?, ?, '', 1)",
        [(f"+39333{rng.randint(0, 9_999_999):07d}", None, rng.choice(("support", "sales")),
          row_format.to_ts(now - timedelta(minutes=rng.randint(0, 60 * 24 * 60))),
          f"op{rng.randint(0, 49):02d}") for _ in range(count)])


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
            now = datetime.now(UTC)
            await store.run_write(lambda conn: fill(conn, count, now))
            await store.run_write(lambda conn: conn.execute(
                "UPDATE calls SET customer_id = 1 + (id % ?)", [max(1, count // 5)]))
            surveys = store.domain(SURVEYS)
            month = (now - timedelta(days=30), now)
            targets = await surveys.survey_targets(since=month[0], until=month[1])
            print(f"{count:,} feedback rows and {count:,} finished calls; "
                  f"{len(targets):,} customers to survey for the last 30 days")
            figures = {
                "search 'inv' (prefix)": lambda: surveys.list_feedback(text="inv", limit=200),
                "search 'charged twice'": lambda: surveys.list_feedback(
                    text="charged twice", limit=200),
                "complaints, newest 200": lambda: surveys.list_feedback(
                    kind=FeedbackKind.COMPLAINT, limit=200),
                "survey_config (a queue)": lambda: surveys.survey_config("support"),
                "survey_targets (30 days)": lambda: surveys.survey_targets(
                    since=month[0], until=month[1]),
            }
            for name, work in figures.items():
                print(f"  {name:<28} {await median_ms(work, runs):8.2f} ms (median of {runs})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.runs))
