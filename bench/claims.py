"""Claim throughput of the SQLite backend: claims per second with 1 and with 4 processes.

    .venv/bin/python bench/claims.py [--calls 1000] [--runs 3] [--dir /tmp/centralino-bench]

Each run queues --calls waiting calls (bulk_load), then N processes take the head of the queue
until it is empty (every claim is one BEGIN IMMEDIATE transaction with synchronous=FULL).
Prints the median claims/s of --runs runs and checks no call was claimed twice.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backends.errors import NotFound
from backends.sqlite import SqliteBackend


def worker(path: str, operator: str, start_at: float) -> list[int]:
    async def run() -> list[int]:
        claimed: list[int] = []
        async with SqliteBackend(path) as backend:
            await asyncio.sleep(max(0.0, start_at - time.time()))  # start together
            while True:
                try:
                    claimed.append((await backend.calls.claim_call(None, operator)).id)
                except NotFound:
                    return claimed

    return asyncio.run(run())


async def prepare(path: Path, calls: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    async with SqliteBackend(path) as backend:
        await backend.bulk_load("calls", [{"caller": f"+3906{10000000 + n}"}
                                          for n in range(calls)])


def one_run(path: Path, calls: int, processes: int) -> float:
    asyncio.run(prepare(path, calls))
    start_at = time.time() + 3.0  # time for spawned interpreters to import and open
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.starmap(worker, [(str(path), f"op{n}", start_at)
                                        for n in range(processes)])
    elapsed = time.time() - start_at
    counts = Counter(i for claimed in results for i in claimed)
    assert len(counts) == calls and set(counts.values()) == {1}, "double or missed claim"
    return calls / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/centralino-bench"))
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / "claims.db"
    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for processes in (1, 4):
        rates = [one_run(path, args.calls, processes) for _ in range(args.runs)]
        print(f"{processes} process{'es' if processes > 1 else '  '}: "
              f"{statistics.median(rates):7.0f} claims/s (median of {args.runs}; "
              f"runs: {', '.join(f'{r:.0f}' for r in rates)})", flush=True)


if __name__ == "__main__":
    main()
