"""Issue 21's figures, back to back in one run: PostgreSQL behind two servers against SQLite.

    .venv/bin/python bench/pg.py [--seconds 20] [--runs 3] [--rate 1500] [--operators 100]
        [--lookup-customers 1000000] [--skip load,claims,stream,lookup]

Starts a private PostgreSQL (tests/pg_server.py: initdb in a temporary folder, 127.0.0.1,
a random port; fsync on, as in production), then:

1. load: the server load mix of bench/load.py (100 operators, 100 event streams), first on
   one `centralino serve --workers 2` over SQLite, then on two `centralino serve` processes
   over one PostgreSQL database (the same seeded store, moved with `centralino db copy`),
   the operators spread over the two; medians of --runs runs. The servers' CPU includes
   PostgreSQL's own processes. Targets on PostgreSQL: >= 1,500 req/s, p99 <= 50 ms, 0 errors.
2. claims: the claim race across the two servers: --calls waiting calls, 20 operators
   half on each server answering the head of the queue until it is empty; every call claimed
   once, claims/s.
3. stream: a change through server A reaching an event stream on server B: 100 customers
   created one by one through A, the time until each arrives on B's stream; p50/p95
   (target p95 <= 100 ms).
4. lookup: customer lookups at --lookup-customers customers (bench/lookup.py's queries: name
   prefix, words, typo, phone, caller-ID) on SQLite and on PostgreSQL, p50/p95 in ms.

Not a test: it prints figures. The machine is shared: read them with the load average shown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load  # a checkout-only helper
from bench.machine import cpu_check
from bench.pg_parts import claim_race, lookups, stream_delay
from tests import pg_server
from tests.http.harness import ServerProcess
from tests.postgres.serve import PgServeProcess


def copy(source: Path, url: str) -> None:
    done = subprocess.run([sys.executable, "-c", "from console.cli import main; main()",
                           "db", "copy", str(source), url], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)


async def load_runs(label: str, urls: list[str], tokens: dict[str, str], logs: list[Path],
                    pids: list[int], args: argparse.Namespace) -> dict[str, float]:
    results = []
    for run in range(args.runs):
        results.append(await load.one_run(urls, tokens, args, logs, pids))
        load.show(f"{label} run {run + 1}", results[-1])
    median = {k: statistics.median(r[k] for r in results) for k in results[0]}
    load.show(f"{label} median of {args.runs}", median)
    return median


async def compare_load(pg: pg_server.PgServer, folder: Path, args: argparse.Namespace) -> None:
    source = folder / "load.db"
    tokens = await load.seed(source, args.operators, args.customers, args.tickets)
    url = pg_server.create_database(pg)
    await asyncio.to_thread(copy, source, url)  # same data, tokens too
    lite = await asyncio.to_thread(ServerProcess(source, access_log=folder / "lite.jsonl",
                                                 workers=2).start)
    try:
        assert lite.proc is not None and lite.access_log is not None
        print(f"\n# load: SQLite, one server --workers 2 ({cpu_check()})")
        await load_runs("sqlite x1 (2 workers)", [lite.url], tokens, [lite.access_log],
                        [lite.proc.pid], args)
    finally:
        await asyncio.to_thread(lite.stop)
    servers = [PgServeProcess(url, folder, f"pg{n}") for n in range(2)]
    try:
        for server in servers:
            await asyncio.to_thread(server.start)
        print(f"\n# load: PostgreSQL, two servers, one database ({cpu_check()})")
        pids = [s.proc.pid for s in servers if s.proc is not None] + [pg.pid]
        median = await load_runs("postgresql x2", [s.url for s in servers], tokens,
                                 [s.access_log for s in servers if s.access_log], pids, args)
        met = median["req_s"] >= 1500 and median["p99_ms"] <= 50 and median["errors"] == 0
        print("targets: >= 1,500 req/s, p99 <= 50 ms, 0 errors -> "
              + ("met" if met else "NOT met") + " (client-side p99)")
        if "claims" not in args.skip:
            await claim_race([s.url for s in servers], tokens, args.calls)
        if "stream" not in args.skip:
            await stream_delay(servers[0].url, servers[1].url, tokens["feeder"])
    finally:
        for server in servers:
            await asyncio.to_thread(server.stop)


async def main(args: argparse.Namespace) -> None:
    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    pg = pg_server.start(durable=True)
    try:
        with tempfile.TemporaryDirectory(prefix="centralino-pg-bench-") as tmp:
            folder = Path(tmp)
            if "load" not in args.skip:
                await compare_load(pg, folder, args)
            if "lookup" not in args.skip:
                await lookups(pg, folder, args.lookup_customers, args.queries)
    finally:
        pg_server.stop(pg)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operators", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rate", type=float, default=1500.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--calls", type=int, default=500, help="calls in the claim race")
    parser.add_argument("--lookup-customers", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip", default="", help="comma-separated: load,claims,stream,lookup")
    args = parser.parse_args()
    args.skip = set(filter(None, args.skip.split(",")))
    # what bench/load.py's runs read
    args.streams, args.call_rate, args.client = args.operators, 5.0, "lean"
    args.customer_edits, args.unique_searches, args.routes = 0.06, False, False
    args.search_share = 0.30
    return args


if __name__ == "__main__":
    asyncio.run(main(parse()))
