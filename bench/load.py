"""Many operators, one server: load on one `centralino serve` (1 or more worker processes).

    .venv/bin/python bench/load.py [--operators 100] [--seconds 20] [--rate 1000] [--runs 3]
        [--workers 1] [--client lean|httpx] [--rt]

Seeds a fresh SQLite file (customers, tickets, directory, one operator and token each), starts
`centralino serve` on 127.0.0.1, then runs --operators simulated consoles (asyncio tasks in this
process, each with its own connection and token, --streams of them following the SSE feed)
doing a realistic mix paced to --rate requests/s in total: type-ahead lookups, customer and
ticket reads, ticket edits and notes, a few customer edits (each makes the server's cached
searches stale), claims of calls a feeder puts in the queue, directory filters. Prints per
run and as medians: requests/s, client-side p50/p95/p99 (includes this process's own
scheduling), server-side p50/p95/p99 (from the access log), errors (any
unexpected status), expected conflicts (404 empty queue, 409 lost claim, 412 stale edit),
events received, the CPU the server and this client used, and requests per server CPU-second
(what a dedicated core would carry: on a shared, busy machine the server gets only a slice of a
core, and requests/s then measure the neighbours as much as the server).
--rate 0 runs closed-loop (no pauses) to find the ceiling.

The generator is lean on purpose (bench/load_client.py): it shares this machine's 2 cores with
the server, so every millisecond it spends is taken from the server. By default it writes the
exact HTTP requests `HttpBackend` sends (paths, Bearer token, If-Match, Idempotency-Key, JSON
bodies) over one raw keep-alive connection per operator, checks every status, parses only the
ETags and ids it needs and counts event ids on the raw stream; it runs on uvloop when
installed. `--client httpx` drives 100 real `HttpBackend`s instead (about a core by itself).

After the runs, with --rt, starts a private Request Tracker 5 (tests/rt_server.start, on the
Debian packages of .ci/install-rt.sh), or with RT_URL and RT_TOKEN_FILE set uses that one; seeds
it and a second server with the same 200 tickets and times the same ticket read (the ticket and
its entries) and search on both: p50/p95 of 30 sequential requests, unloaded, the ratio RT/ours,
and how long RT took to start and seed (bench/load_rt.py; it stops what it started). Without
either it says skipped.
Targets (issue): >= 800 req/s, p99 <= 50 ms, 0 errors. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backends.calls.models import CallState
from backends.people.models import Role
from backends.server.provision import issue_token
from backends.sqlite import SqliteBackend

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load_client import CLIENTS, Expected, Failed  # a checkout-only helper
from bench.machine import cpu_check
from tests.http.harness import ServerProcess  # a checkout-only helper

SURNAMES = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Popescu",
            "Ionescu", "Popa", "Stan", "Dumitru", "Smith", "Jones", "Taylor", "Brown"]
GIVEN = ["Anna", "Marco", "Giulia", "Luca", "Zsófia", "Péter", "Ioana", "Andrei", "Emma", "Tom"]
DISPOSITION = "RESOLVED"
LOOKUPS = itertools.count(1)  # numbers the lookups of --unique-searches across operators


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    events: int = 0
    claims: int = 0

    async def timed(self, work: Awaitable[Any]) -> Any:
        start = time.perf_counter()
        try:
            return await work
        except Expected:
            self.conflicts += 1  # an answer the protocol expects: stale edit, lost claim, empty
            return None
        except Exception as exc:  # every other failure is an error of the run
            self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return None
        finally:
            self.latencies.append(time.perf_counter() - start)

    def got_events(self, count: int) -> None:
        self.events += count


# ------------------------------------------------------------------------------------ setup
async def seed(db_path: Path, operators: int, customers: int, tickets: int) -> dict[str, str]:
    rng = random.Random(7)
    store = SqliteBackend(db_path)
    await store.open()
    try:
        await store.bulk_load("customers", (
            {"name": f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {i}",
             "phones": [f"+3902{rng.randrange(10**7, 10**8)}"], "language": "it"}
            for i in range(customers)))
        await store.bulk_load("tickets", (
            {"customer_id": rng.randrange(1, customers + 1), "subject": f"Request {i}",
             "entries": [{"body": "First note", "author": "seed"}]} for i in range(tickets)))
        await store.bulk_load("directory", (
            {"name": f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}", "department": "Sales",
             "extension": str(2000 + i)} for i in range(60)))
        from backends.server.provision import add_operator

        for i in range(operators):
            await add_operator(store, f"op{i:03d}", Role.OPERATOR)
        await add_operator(store, "feeder", Role.SUPERVISOR)
    finally:
        await store.close()
    names = [f"op{i:03d}" for i in range(operators)] + ["feeder"]
    return {name: issue_token(db_path, name) for name in names}


# ------------------------------------------------------------------------------------ load
class Console:
    """One simulated operator: its own client and token, a realistic mix of requests."""

    def __init__(self, client: Any, stats: Stats, seed_: int, customers: int, tickets: int,
                 search_share: float, unique_searches: bool = False,
                 customer_edits: float = 0.0) -> None:
        self.client, self.stats = client, stats
        self.rng = random.Random(seed_)
        self.customers, self.tickets = customers, tickets
        self.search_share = search_share
        self.unique_searches = unique_searches
        self.customer_edits = customer_edits

    def padding(self) -> str:
        """With --unique-searches, a tail that makes this lookup unlike any other in the run
        (so the server's answer cache never has it) and that the search ignores (punctuation
        is no word): the same results and work as the bare prefix."""
        if not self.unique_searches:
            return ""
        return " " + format(next(LOOKUPS), "b").replace("0", ".").replace("1", ",")

    async def step(self) -> int:
        """One action (1–3 requests); returns how many requests it made."""
        c, t, rng = self.client, self.stats.timed, self.rng
        if rng.random() < self.search_share:  # type-ahead: the name grows letter by letter
            word = rng.choice(SURNAMES)
            for size in (2, 3, 5):
                await t(c.search_customers(word[:size] + self.padding(), 10))
            return 3
        roll = rng.random()  # the rest of the mix, in shares of the non-search actions
        if roll < 0.26:
            customer_id = rng.randrange(1, self.customers + 1)
            version = await t(c.get_customer(customer_id))
            await t(c.list_tickets(customer_id, 10))
            if version is not None and rng.random() < self.customer_edits:
                # the operator corrects the caller's record: every cached search goes stale
                await t(c.update_customer(customer_id, version, rng.choice([["vip"], []])))
                return 3
            return 2
        if roll < 0.52:
            ticket_id = rng.randrange(1, self.tickets + 1)
            await t(c.get_ticket(ticket_id))
            await t(c.list_ticket_entries(ticket_id))
            return 2
        if roll < 0.63:
            ticket_id = rng.randrange(1, self.tickets + 1)
            version = await t(c.get_ticket(ticket_id))
            if version is not None:
                await t(c.update_ticket(ticket_id, version, rng.choice(["low", "high"])))
            return 2
        if roll < 0.69:
            await t(c.add_ticket_entry(rng.randrange(1, self.tickets + 1)))
            return 1
        if roll < 0.79:
            call_id = await t(c.claim_next())
            if call_id is None:
                return 1
            self.stats.claims += 1
            await t(c.set_call_state(call_id, CallState.WRAP_UP))
            await t(c.set_call_state(call_id, CallState.DONE, DISPOSITION))
            return 3
        await t(c.list_directory(rng.choice(["", "Sa", "20", rng.choice(SURNAMES)[:3]])))
        return 1

    async def run(self, until: float, per_second: float) -> None:
        """Actions start on a schedule of their own (Poisson at `per_second` requests/s), not a
        pause after each answer: a slow answer must not lower the rate offered to the server
        (which would hide the slowness it causes). An operator behind schedule goes at once."""
        due = time.monotonic()
        while time.monotonic() < until:
            made = await self.step()
            if per_second > 0:
                due += self.rng.expovariate(per_second / made)
                await asyncio.sleep(max(0.0, due - time.monotonic()))


async def follow(client: Any, stats: Stats, until: float) -> None:
    try:
        await client.follow(until, stats.got_events)
    except (Failed, OSError) as exc:
        stats.errors.append(f"event stream: {exc}"[:200])


async def feed_calls(client: Any, stats: Stats, until: float, per_second: float) -> None:
    rng = random.Random(3)
    while time.monotonic() < until:
        await stats.timed(client.create_call(f"+3906{rng.randrange(10**7, 10**8)}"))
        await asyncio.sleep(rng.expovariate(per_second))


def cpu_seconds_of(chosen: Callable[[int, int], bool]) -> float:
    """CPU seconds used so far by the processes for which `chosen(pid, parent pid)`; Linux /proc."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if chosen(int(entry.name), int(fields[1])):  # fields[1] is the parent pid
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and its children (uvicorn workers)."""
    return cpu_seconds_of(lambda own, parent: pid in (own, parent))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def server_latencies(access_log: Path, since: float, until: float,
                     by_route: dict[str, list[float]] | None = None) -> list[float]:
    out = []
    for line in access_log.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if since <= rec["ts"] <= until and rec["path"] != "/v1/events":
            out.append(rec["ms"] / 1000)
            if by_route is not None:
                by_route.setdefault(f"{rec['method']} {rec['path']}", []).append(rec["ms"])
    return out


def show_routes(by_route: dict[str, list[float]]) -> None:
    """Server-side milliseconds per route: where the time goes."""
    for route, values in sorted(by_route.items(), key=lambda item: -sum(item[1])):
        print(f"    {route:45s} n {len(values):6d}  p50 {percentile(values, 0.5):7.1f}  "
              f"p99 {percentile(values, 0.99):7.1f} ms")


async def one_run(url: str | list[str], tokens: dict[str, str], args: argparse.Namespace,
                  access_log: Path | list[Path], server_pid: int | list[int]
                  ) -> dict[str, float]:
    """Several servers (lists, bench/pg.py): operators spread over them, CPU and logs summed."""
    urls, logs = url if isinstance(url, list) else [url], access_log if isinstance(
        access_log, list) else [access_log]
    pids = server_pid if isinstance(server_pid, list) else [server_pid]
    stats = Stats()
    names = [n for n in tokens if n != "feeder"]
    make = CLIENTS[args.client]
    clients = {n: make(urls[i % len(urls)], tokens[n], n) for i, n in enumerate(tokens)}
    for client in clients.values():
        await client.open()
    consoles = [Console(clients[n], stats, i, args.customers, args.tickets, args.search_share,
                        args.unique_searches, args.customer_edits)
                for i, n in enumerate(names)]
    warm_until = time.monotonic() + args.warmup
    until = warm_until + args.seconds
    per_op = args.rate / len(consoles) if args.rate else 0.0
    tasks = [asyncio.create_task(c.run(until, per_op)) for c in consoles]
    tasks += [asyncio.create_task(follow(clients[n], stats, until))
              for n in names[: args.streams]]
    tasks.append(asyncio.create_task(feed_calls(clients["feeder"], stats, until,
                                                args.call_rate)))
    await asyncio.sleep(args.warmup)
    stats.latencies.clear(), stats.errors.clear()
    stats.conflicts = stats.events = stats.claims = 0
    wall0, cpu_window0 = time.time(), time.process_time()
    server_cpu0 = sum(tree_cpu_seconds(pid) for pid in pids)
    await asyncio.wait_for(asyncio.gather(*tasks), args.seconds + 60)
    wall1 = time.time()
    server_cpu = (sum(tree_cpu_seconds(pid) for pid in pids) - server_cpu0) / (wall1 - wall0)
    elapsed = args.seconds
    cpu_used = time.process_time() - cpu_window0
    for client in clients.values():
        await client.close()
    by_route: dict[str, list[float]] = {}
    server = [x for log in logs for x in server_latencies(log, wall0, wall1, by_route)]
    if args.routes:
        show_routes(by_route)
    req_s = len(stats.latencies) / elapsed
    result = {
        "req_s": req_s,
        "p50_ms": percentile(stats.latencies, 0.50) * 1000,
        "p95_ms": percentile(stats.latencies, 0.95) * 1000,
        "p99_ms": percentile(stats.latencies, 0.99) * 1000,
        "srv_p50_ms": percentile(server, 0.50) * 1000,
        "srv_p95_ms": percentile(server, 0.95) * 1000,
        "srv_p99_ms": percentile(server, 0.99) * 1000,
        "errors": float(len(stats.errors)),
        "conflicts": float(stats.conflicts),
        "claims": float(stats.claims),
        "events": float(stats.events),
        "client_cpu": cpu_used / elapsed,
        "server_cpu": server_cpu,
        # what one dedicated core would serve of this mix, if CPU is the limit
        "req_per_cpu_s": req_s / max(server_cpu, 1e-9),
        "client_ms_per_req": cpu_used / max(len(stats.latencies), 1) * 1000,
    }
    if stats.errors:
        print("  first errors:", *sorted(set(stats.errors))[:5], sep="\n    ")
    return result


# ------------------------------------------------------------------------------------ RT
async def compare_with_rt(url: str, token: str, start_rt: bool) -> None:
    """The same ticket read and search timed on a Request Tracker 5: bench/load_rt.py."""
    from bench.load_rt import compare_with_rt as compare  # RT client, fixtures: only when used

    await compare(url, token, start_rt=start_rt)


# ------------------------------------------------------------------------------------ main
def show(label: str, r: dict[str, float]) -> None:
    print(f"{label}: {r['req_s']:.0f} req/s | client p50 {r['p50_ms']:.1f} p95 {r['p95_ms']:.1f} "
          f"p99 {r['p99_ms']:.1f} ms | server p50 {r['srv_p50_ms']:.1f} p95 "
          f"{r['srv_p95_ms']:.1f} p99 {r['srv_p99_ms']:.1f} ms | errors {r['errors']:.0f} | "
          f"expected conflicts {r['conflicts']:.0f} | claims {r['claims']:.0f} | "
          f"events {r['events']:.0f} | CPU: server {r['server_cpu']:.0%} client "
          f"{r['client_cpu']:.0%} of one core | {r['req_per_cpu_s']:.0f} requests per server "
          f"CPU-second | client {r['client_ms_per_req']:.3f} ms CPU per request")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="centralino-load-") as tmp:
        db_path = Path(tmp) / "load.db"
        access_log = Path(tmp) / "access.jsonl"
        tokens = await seed(db_path, args.operators, args.customers, args.tickets)
        server = await asyncio.to_thread(ServerProcess(db_path, access_log=access_log,
                                                       workers=args.workers).start)
        try:
            print(f"centralino serve --workers {args.workers} on {server.url}, "
                  f"{args.client} client: "
                  f"{args.operators} operators, "
                  f"{args.streams} SSE streams, target {args.rate or 'unbounded'} req/s, "
                  f"{args.seconds:.0f} s per run after {args.warmup:.0f} s warm-up; "
                  f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared, noisy)")
            results = []
            for run in range(args.runs):
                assert server.proc is not None
                speed = cpu_check()
                results.append(await one_run(server.url, tokens, args, access_log,
                                             server.proc.pid))
                show(f"run {run + 1}", results[-1])
                print(f"  machine before the run: {speed}; after: {cpu_check()}")
            median = {k: statistics.median(r[k] for r in results) for k in results[0]}
            show(f"median of {args.runs}", median)
            met = (median["req_s"] >= 800 and median["p99_ms"] <= 50
                   and median["errors"] == 0)
            print("targets: >= 800 req/s, p99 <= 50 ms, 0 errors -> "
                  + ("met" if met else "NOT met") + " (client-side p99)")
            await compare_with_rt(server.url, tokens["feeder"], args.rt)
        finally:
            await asyncio.to_thread(server.stop)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operators", type=int, default=100)
    parser.add_argument("--streams", type=int, default=None,
                        help="operators following the SSE feed (default: all)")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rate", type=float, default=1000.0,
                        help="total requests/s to aim for; 0 = closed loop")
    parser.add_argument("--call-rate", type=float, default=5.0, help="new calls per second")
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="centralino serve --workers")
    parser.add_argument("--customer-edits", type=float, default=0.06,
                        help="share of customer reads followed by an edit of that customer "
                             "(about 4 a second at 800 req/s; each makes cached searches stale)")
    parser.add_argument("--unique-searches", action="store_true",
                        help="no two lookups alike (same results): the answer cache never helps")
    parser.add_argument("--routes", action="store_true",
                        help="also print server-side latency per route")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="lean",
                        help="lean: raw HTTP (default); httpx: the real HttpBackend")
    parser.add_argument("--search-share", type=float, default=0.30,
                        help="share of actions that are type-ahead lookups (3 searches each)")
    parser.add_argument("--rt", action="store_true",
                        help="after the runs, start a Request Tracker and time the same ticket "
                             "read and search on it (bench/load_rt.py)")
    args = parser.parse_args()
    if args.streams is None:
        args.streams = args.operators
    return args


def run(args: argparse.Namespace) -> None:
    try:
        import uvloop
    except ImportError:
        asyncio.run(main(args))
        return
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(args))


if __name__ == "__main__":
    run(parse())
