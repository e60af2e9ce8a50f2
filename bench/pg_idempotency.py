"""What an idempotent write's own bookkeeping costs on PostgreSQL: the claim of its key and
its stored answer (backends/server/pg_state.py), one request at a time, with their commits
waiting for the WAL flush (PostgreSQL's default) and without (what the server does).

    .venv/bin/python bench/pg_idempotency.py [--requests 400] [--runs 3]

Starts a private PostgreSQL (tests/pg_server.py, fsync on, as in production), then per run
and per setting in turn: --requests requests with a new key each and an answer computed in no
time; p50/p95 of the claim + answer, in ms. The write itself (and its applied-request mark)
always waits for the flush: that is not measured here. Where a flush takes milliseconds
(a cloud disk), the difference is two of them per write. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import pg_server  # a checkout-only helper


async def one_run(url: str, requests: int, waiting: bool) -> tuple[float, float]:
    import psycopg

    from backends.server import pg_state
    from backends.server.idempotency import Stored

    records = pg_state.PgIdempotencyStore(url)
    if waiting:  # the setting PostgreSQL starts every session with
        async def wait_for_the_flush(conn: psycopg.AsyncConnection[Any]) -> None:
            await conn.execute("SET synchronous_commit = on")

        records._pool._configure = wait_for_the_flush  # a benchmark's switch, not an API

    async def answer() -> Stored:
        return Stored("", 200, {}, b"{}")

    took: list[float] = []
    try:
        for _ in range(requests):
            start = time.perf_counter()
            await records.run("bench", uuid.uuid4().hex, "digest", answer)
            took.append(time.perf_counter() - start)
    finally:
        await records.aclose()
    took.sort()
    return took[len(took) // 2] * 1000, took[int(len(took) * 0.95)] * 1000


async def main(args: argparse.Namespace) -> None:
    import psycopg

    from backends.postgres import PostgresBackend
    from backends.server import pg_state

    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    pg = pg_server.start(durable=True)
    try:
        url = pg_server.create_database(pg)
        async with PostgresBackend(url):  # the schema the server's tables refer to
            pass
        with psycopg.connect(url, autocommit=True) as conn:
            pg_state.prepare(conn)
        for run in range(args.runs):
            for label, waiting in (("waiting for the flush", True), ("not waiting", False)):
                p50, p95 = await one_run(url, args.requests, waiting)
                print(f"run {run + 1} {label:22s} claim + answer p50 {p50:.3f} ms "
                      f"p95 {p95:.3f} ms", flush=True)
    finally:
        pg_server.stop(pg)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
