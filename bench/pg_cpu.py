"""CPU per request of the server load mix on two `centralino serve` over one PostgreSQL, for
one or more code trees back to back (issue 21's load target; the brief's "old vs new").

    .venv/bin/python bench/pg_cpu.py [--code old=/tmp/old-tree --code new=.] [--runs 3]
        [--seconds 10] [--rate 1500] [--spy] [--statements]

Starts one private PostgreSQL (fsync on, as in production), seeds the load store once (as
bench/pg.py: SQLite, then `centralino db copy`) into a template database, then for each run
and each code tree in turn (old, new, old, new …: the machine's mood falls on both alike)
a fresh copy of the template, two servers of that tree (`python -c "from console.cli import
main"` run in the tree's folder, so its packages are imported), one load run of
bench/load.py's mix. Prints per run and as medians per tree: requests/s, client p99, the
CPU of the two Python servers and of the PostgreSQL backends serving them (the children of
this run's postmaster only: other people's PostgreSQL on the machine is not counted), and
requests per CPU-second of each: figures that survive a loaded machine better than
requests/s. --spy writes py-spy raw profiles of the threads holding the GIL
(/tmp/pgspy-<tree>-<run>-<server>.txt); --statements prints pg_stat_statements' calls per
request of the busiest statements.

Not a test: it prints figures; say the load average with them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load  # a checkout-only helper
from bench.pg import copy
from tests import pg_server
from tests.postgres.serve import PgServeProcess

SPY = shutil.which("py-spy") or "/work/main/.venv/bin/py-spy"


class TreeServer(PgServeProcess):
    """`centralino serve` of the code in `tree` (its folder first on the import path)."""

    def __init__(self, url: str, folder: Path, name: str, tree: Path) -> None:
        super().__init__(url, folder, name)
        self.tree = tree

    def start(self) -> TreeServer:
        old = os.getcwd()
        os.chdir(self.tree)  # `python -c` puts the working folder first on sys.path
        try:
            super().start()
        finally:
            os.chdir(old)
        return self


def children_cpu(parent: int) -> float:
    """CPU seconds of the processes whose parent is `parent` (the postmaster's backends)."""
    return load.cpu_seconds_of(lambda _own, of: of == parent)


def from_template(pg: pg_server.PgServer, template: str) -> str:
    import psycopg

    name = f"b_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return pg.url(name)


def statements(url: str, requests: float) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        found = conn.execute(
            "SELECT calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) "
            "FROM pg_stat_statements ORDER BY calls DESC LIMIT 25").fetchall()
        total = sum(r[0] for r in conn.execute("SELECT calls FROM pg_stat_statements"))
    print(f"  statements per request: {total / max(requests, 1):.2f}")
    for calls, ms, query in found:
        print(f"    {calls / max(requests, 1):6.3f}/req {ms / max(calls, 1):6.3f} ms  {query}")


async def one(pg: pg_server.PgServer, template: str, tree: Path, label: str, run: int,
              tokens: dict[str, str], folder: Path, args: argparse.Namespace
              ) -> dict[str, float]:
    url = await asyncio.to_thread(from_template, pg, template)
    servers = [TreeServer(url, folder, f"{label}{run}s{n}", tree) for n in range(2)]
    spies: list[subprocess.Popen[bytes]] = []
    try:
        for server in servers:
            await asyncio.to_thread(server.start)
        if args.statements:
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("SELECT pg_stat_statements_reset()")
        if args.spy:
            for n, server in enumerate(servers):
                assert server.proc is not None
                spies.append(subprocess.Popen(
                    [SPY, "record", "-r", "200", "-f", "raw", "--nonblocking", "--gil", "-d",
                     str(int(args.seconds + args.warmup)), "-o",
                     f"/tmp/pgspy-{label}-{run}-{n}.txt", "-p", str(server.proc.pid)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        pids = [s.proc.pid for s in servers if s.proc is not None]
        pg0, wall0 = children_cpu(pg.pid), time.monotonic()
        result = await load.one_run([s.url for s in servers], tokens, args,
                                    [s.access_log for s in servers if s.access_log], pids)
        # one_run's server CPU is the Python servers' (its pids); the backends apart
        result["pg_cpu"] = (children_cpu(pg.pid) - pg0) / (time.monotonic() - wall0)
        result["req_per_pg_cpu_s"] = result["req_s"] / max(result["pg_cpu"], 1e-9)
        result["ms_cpu_per_req"] = (result["server_cpu"] + result["pg_cpu"]) / max(
            result["req_s"], 1e-9) * 1000
        if args.statements:
            statements(url, result["req_s"] * (args.seconds + args.warmup))
        for spy in spies:
            spy.wait()
    finally:
        for server in servers:
            await asyncio.to_thread(server.stop)
        await asyncio.to_thread(pg_server.drop_database, pg, url)
    return result


async def seeded_template(pg: pg_server.PgServer, folder: Path, args: argparse.Namespace
                          ) -> tuple[dict[str, str], str]:
    """The load store seeded once (SQLite, then `centralino db copy`) into a new database of
    `pg`, the template of every run's copy: (the operators' tokens, its URL)."""
    source = folder / "load.db"
    tokens = await load.seed(source, args.operators, args.customers, args.tickets)
    url = pg_server.create_database(pg)
    await asyncio.to_thread(copy, source, url)
    return tokens, url


def code_trees(args: argparse.Namespace) -> dict[str, Path]:
    """--code LABEL=FOLDER, in the order given."""
    return {label: Path(path).resolve() for label, path in
            (item.split("=", 1) for item in args.code)}


Figures = dict[str, float]


async def taking_turns(trees: dict[str, Path], runs: int, show: Callable[[str, Figures], None],
                       measure: Callable[[str, Path, int], Awaitable[Figures]]) -> None:
    """`measure` each tree in turn, `runs` times (old, new, old, new …), each run shown, then
    the medians per tree."""
    results: dict[str, list[Figures]] = {label: [] for label in trees}
    for run in range(runs):
        for label, tree in trees.items():
            found = await measure(label, tree, run)
            results[label].append(found)
            show(f"{label} run {run + 1} (load {os.getloadavg()[0]:.1f})", found)
    print(f"# load average at end: {os.getloadavg()[0]:.1f}")
    for label, found in results.items():
        show(f"{label} median of {runs}",
             {k: statistics.median(r[k] for r in found) for k in found[0]})


def show(label: str, r: dict[str, float]) -> None:
    print(f"{label}: {r['req_s']:.0f} req/s | client p99 {r['p99_ms']:.1f} ms | errors "
          f"{r['errors']:.0f} | CPU python {r['server_cpu']:.2f} postgres {r['pg_cpu']:.2f} "
          f"cores | {r['req_per_cpu_s']:.0f} req per python CPU-s, {r['req_per_pg_cpu_s']:.0f} "
          f"per postgres CPU-s | {r['ms_cpu_per_req']:.3f} ms CPU per request (both)",
          flush=True)


async def main(args: argparse.Namespace) -> None:
    trees = code_trees(args)
    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"{args.rate:.0f} req/s offered, {args.seconds:.0f} s per run")
    pg = pg_server.start(durable=True)
    extra = "shared_preload_libraries=pg_stat_statements" if args.statements else ""
    if extra:
        pg = restart_with(pg, extra)
    try:
        with tempfile.TemporaryDirectory(prefix="centralino-pgcpu-") as tmp:
            folder = Path(tmp)
            tokens, template_url = await seeded_template(pg, folder, args)
            template = template_url.rsplit("/", 1)[1]
            if args.statements:
                import psycopg

                with psycopg.connect(template_url, autocommit=True) as conn:
                    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            await taking_turns(trees, args.runs, show, lambda label, tree, run: one(
                pg, template, tree, label, run, tokens, folder, args))
    finally:
        pg_server.stop(pg)


def restart_with(pg: pg_server.PgServer, setting: str) -> pg_server.PgServer:
    """The bench's PostgreSQL started again with one more setting (pg_stat_statements)."""
    conf = pg.folder / "data" / "postgresql.auto.conf"
    owner = conf.stat()
    with open(conf, "a", encoding="utf-8") as out:
        out.write(setting.replace("=", " = '", 1) + "'\n")
    os.chown(conf, owner.st_uid, owner.st_gid)
    pg_server._stop_process(pg.pid)
    data = pg.folder / "data"
    options = f"-p {pg.port} -k {pg.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    run_as = "postgres" if os.geteuid() == 0 else None
    subprocess.run(pg_server._as_owner([pg_server._binary("pg_ctl"), "-D", str(data), "-l",
                                        str(pg.folder / "log"), "-w", "-o", options, "start"],
                                       run_as, pg.folder), check=True, capture_output=True)
    pid = int((data / "postmaster.pid").read_text().splitlines()[0])
    return pg_server.PgServer(folder=pg.folder, port=pg.port, pid=pid, user=pg.user)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", action="append", default=[],
                        help="LABEL=FOLDER of a code tree to serve (repeatable; default: "
                             "this checkout as 'this')")
    parser.add_argument("--operators", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rate", type=float, default=1500.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--spy", action="store_true")
    parser.add_argument("--statements", action="store_true")
    parser.add_argument("--routes", action="store_true")
    args = parser.parse_args()
    if not args.code:
        args.code = [f"this={Path(__file__).resolve().parent.parent}"]
    args.streams, args.call_rate, args.client = args.operators, 5.0, "lean"
    args.customer_edits, args.unique_searches = 0.06, False
    args.search_share = 0.30
    return args


if __name__ == "__main__":
    asyncio.run(main(parse()))
