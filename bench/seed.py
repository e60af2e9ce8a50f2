"""Benchmark `db seed`: 10k, 100k and 1M customers into fresh SQLite files; prints medians.

    .venv/bin/python bench/seed.py                 # 10k ×3, 100k ×3, 1M ×2
    .venv/bin/python bench/seed.py --sizes 1000000 --runs 2 --split

Each run seeds customers plus the default tickets and calls (what `centralino db seed` does).
`--split` also times generation alone (rows built, nothing stored) so the load share is
`total − generation`. Wall-clock and process CPU time are printed: on a shared machine the
CPU time says more about the code, the wall time about what a user waits.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from backends.sqlite import SqliteBackend
from console.demo_activity import call_rows, ticket_rows
from console.demo_data import default_calls, default_tickets, seed_demo
from console.demo_people import CustomerFacts, customer_rows
from console.demo_pools import load_pools

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


async def seed_once(size: int, folder: Path) -> tuple[float, float]:
    path = folder / f"seed-{size}-{time.monotonic_ns()}.db"
    backend = SqliteBackend(path)
    await backend.open()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        await seed_demo(backend, customers=size, seed=1, now=NOW)
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        await backend.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def generate_only(size: int) -> tuple[float, float]:
    pools = load_pools()
    wall, cpu = time.perf_counter(), time.process_time()
    facts = CustomerFacts()
    for _row in customer_rows(pools, 1, size, facts):
        pass
    for _row in call_rows(pools, 1, default_calls(size), facts, 1, NOW):
        pass
    for _row in ticket_rows(pools, 1, default_tickets(size), facts, 1, NOW):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per size (default: 3, and 2 for 1M or more)")
    parser.add_argument("--split", action="store_true", help="also time generation alone")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the temp files")
    args = parser.parse_args()
    load_pools()  # data files read once, outside the timings
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for size in args.sizes:
            runs = args.runs or (2 if size >= 1_000_000 else 3)
            results = [asyncio.run(seed_once(size, Path(tmp))) for _ in range(runs)]
            walls = [w for w, _c in results]
            cpus = [c for _w, c in results]
            median = statistics.median(walls)
            print(f"seed {size:>9,} customers: median {median:6.1f} s wall "
                  f"({size / median:,.0f} customers/s), {statistics.median(cpus):6.1f} s CPU; "
                  f"runs: {', '.join(f'{w:.1f}' for w in walls)}", flush=True)
            if args.split:
                gens = [generate_only(size) for _ in range(runs)]
                print(f"  generation only: median {statistics.median(g[0] for g in gens):6.1f} s "
                      f"wall, {statistics.median(g[1] for g in gens):6.1f} s CPU", flush=True)


if __name__ == "__main__":
    main()
