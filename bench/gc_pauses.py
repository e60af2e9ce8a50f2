"""The garbage collector's pauses in the servers under the load mix, for one or more code trees
back to back (issue 21: a full collection stops every request of its process).

    .venv/bin/python bench/gc_pauses.py [--code old=/tmp/old-tree --code new=.] [--runs 2]
        [--seconds 10] [--rate 1500]

As bench/pg_cpu.py (one private PostgreSQL, the load store seeded once, a fresh copy per run,
two `centralino serve` of each tree in turn, bench/load.py's mix), each server started with
bench/gc_probe.py, which notes every collection's generation, end and length. Prints per run
and tree: requests/s, client p99, and per generation the collections of both servers during
the measured seconds: count, total and longest pause.

Not a test: it prints figures; say the load average with them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load  # a checkout-only helper
from bench.pg_cpu import (
    TreeServer,
    code_trees,
    from_template,
    parse,
    seeded_template,
    taking_turns,
)
from tests import pg_server

HERE = Path(__file__).resolve().parent


async def one(pg: pg_server.PgServer, template: str, tree: Path, label: str, run: int,
              tokens: dict[str, str], folder: Path, args: argparse.Namespace
              ) -> dict[str, float]:
    url = await asyncio.to_thread(from_template, pg, template)
    probes = folder / f"{label}{run}"
    probes.mkdir()
    prelude = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import gc_probe; "
               f"gc_probe.install({str(probes)!r}); ")
    servers = [TreeServer(url, folder, f"{label}{run}s{n}", tree) for n in range(2)]
    for server in servers:
        server.prelude = prelude
    try:
        for server in servers:
            await asyncio.to_thread(server.start)
        since = time.time() + args.warmup
        result = await load.one_run([s.url for s in servers], tokens, args,
                                    [s.access_log for s in servers if s.access_log],
                                    [s.proc.pid for s in servers if s.proc is not None])
        until = time.time()
    finally:
        for server in servers:
            await asyncio.to_thread(server.stop)
        await asyncio.to_thread(pg_server.drop_database, pg, url)
    pauses: dict[str, list[float]] = {"0": [], "1": [], "2": []}
    for found in probes.glob("gc-*.jsonl"):
        for line in found.read_text().splitlines():
            generation, when, seconds = json.loads(line)
            if since <= when <= until:
                pauses[str(generation)].append(seconds)
    for generation, seconds in pauses.items():
        result[f"gc{generation}_n"] = len(seconds)
        result[f"gc{generation}_ms"] = sum(seconds) * 1000
        result[f"gc{generation}_max_ms"] = max(seconds, default=0.0) * 1000
    return result


def show(label: str, r: dict[str, float]) -> None:
    collections = " | ".join(
        f"gen{g} {r[f'gc{g}_n']:.0f}x {r[f'gc{g}_ms']:.0f} ms (longest {r[f'gc{g}_max_ms']:.1f})"
        for g in range(3))
    print(f"{label}: {r['req_s']:.0f} req/s | client p99 {r['p99_ms']:.1f} ms | {collections}",
          flush=True)


async def main(args: argparse.Namespace) -> None:
    trees = code_trees(args)
    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"{args.rate:.0f} req/s offered, {args.seconds:.0f} s per run; pauses of both "
          "servers during the measured seconds")
    pg = pg_server.start(durable=True)
    try:
        with tempfile.TemporaryDirectory(prefix="centralino-gc-") as tmp:
            folder = Path(tmp)
            tokens, template_url = await seeded_template(pg, folder, args)
            template = template_url.rsplit("/", 1)[1]
            await taking_turns(trees, args.runs, show, lambda label, tree, run: one(
                pg, template, tree, label, run, tokens, folder, args))
    finally:
        pg_server.stop(pg)


if __name__ == "__main__":
    asyncio.run(main(parse()))
