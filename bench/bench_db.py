"""Databases for the console benchmarks, cached under /tmp (seeding 1M customers takes minutes).

Seeded with `centralino db seed`, the command a lab would use; the file is reused while it
exists. Delete it (or pass --fresh to the benchmark) to reseed.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(os.environ.get("CENTRALINO_BENCH_CACHE", "/tmp/centralino-bench"))
CENTRALINO = str(Path(sys.executable).with_name("centralino"))


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def customer_count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM customers").fetchone()[0]


def seeded_db(customers: int, *, fresh: bool = False) -> Path:
    """A database with `customers` customers (and the demo's calls, tickets, directory)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"customers-{customers}.db"
    if path.exists() and not fresh:
        try:
            if customer_count(path) >= customers:
                return path
        except sqlite3.Error:
            pass
    for leftover in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    print(f"seeding {customers:,} customers into {path} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run([CENTRALINO, "--backend", url(path), "db", "seed",
                    "--customers", str(customers), "--seed", "1"], check=True)
    print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def sample_customer(path: Path, offset: int) -> tuple[str, str]:
    """(name, code) of one customer, chosen by position so each run can take another."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        total = conn.execute("SELECT max(id) FROM customers").fetchone()[0]
        row = conn.execute("SELECT name, code FROM customers WHERE id >= ? ORDER BY id LIMIT 1",
                           [1 + (offset * 7919 * 131) % total]).fetchone()
    return row[0], row[1]
