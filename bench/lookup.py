"""Lookup latency of the SQLite backend at 10k, 100k and 1M customers (prints figures).

    .venv/bin/python bench/lookup.py [--dir /tmp/centralino-bench] [--sizes 10000,100000,1000000]
                                     [--runs 5] [--queries 200] [--rebuild]

Databases are built once with bulk_load (synthetic IT/HU/RO/UK customers, bench/synthetic.py)
and cached under --dir as lookup-<size>.db. Each query kind is timed through the public async
API ("api": on the event loop within its budget, or handed to the lookup thread past it) and
directly on one thread ("engine"); a run gives p50/p95 over --queries lookups; the table shows
the median of --runs runs, after one warm-up run. "thread" is the share of API lookups that
ran past the budget and were run again on the lookup thread.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import phonenumbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backends import phones
from backends.customers.models import Customer
from backends.sqlite import SqliteBackend, rows, search
from bench import synthetic
from bench.machine import cpu_check
from screens.customers.customer_lookup import LOOKUP_LIMIT  # the console's lookups are this size


async def build(path: Path, size: int) -> tuple[float, float]:
    """Generate and load `size` customers; returns (generate seconds, load seconds)."""
    partial = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rows = list(synthetic.customers(size))
    generated = time.perf_counter()
    async with SqliteBackend(partial) as backend:
        loading = time.perf_counter()
        await backend.bulk_load("customers", rows)
        loaded = time.perf_counter()
    os.replace(partial, path)
    return generated - started, loaded - loading


def _typo(word: str, rng: random.Random) -> str:
    """Swap two neighbouring inner letters, or drop one (what fast typists do)."""
    if len(word) < 5:
        return word[:-1] + word[-1] * 2
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


def _formats(e164: str) -> list[str]:
    number = phonenumbers.parse(e164, None)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return [e164, "00" + e164[1:], phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL), national]


def query_sets(sample: list[Customer], rng: random.Random) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {k: [] for k in (
        "name prefix", "name words", "fuzzy name", "email", "phone E.164", "phone 00/intl",
        "phone last digits", "code")}
    for customer in sample:
        words = customer.name.split()
        sets["name prefix"].append(words[-1][:4])
        sets["name words"].append(f"{words[0]} {words[-1][:3]}")
        sets["fuzzy name"].append(f"{words[0]} {_typo(words[-1], rng)}")
        sets["email"].append((customer.email or "x@")[: (customer.email or "x@").index("@") + 1])
        e164 = customer.phones[0]
        formats = _formats(e164)
        sets["phone E.164"].append(e164)
        sets["phone 00/intl"].append(rng.choice(formats[1:3]))
        sets["phone last digits"].append(e164[-7:])
        sets["code"].append(customer.code)
    return sets


async def timed(calls: list[Callable[[], Awaitable[list[Customer]]]]
                ) -> tuple[float, float, float]:
    """p50 and p95 in milliseconds, and the share of lookups that found something."""
    took: list[float] = []
    hits = 0
    for call in calls:
        started = time.perf_counter()
        found = await call()
        took.append((time.perf_counter() - started) * 1000)
        hits += bool(found)
    took.sort()
    return (statistics.median(took), took[min(len(took) - 1, int(len(took) * 0.95))],
            hits / len(calls))


def timed_sync(calls: list[Callable[[], list[Customer]]]) -> tuple[float, float]:
    """The same lookups run directly on this thread: the engine's cost without the hop to a
    reader thread (which, on a busy machine, waits for the GIL and the scheduler)."""
    took: list[float] = []
    for call in calls:
        started = time.perf_counter()
        call()
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    return statistics.median(took), took[min(len(took) - 1, int(len(took) * 0.95))]


def engine_calls(backend: SqliteBackend, sets: dict[str, list[str]], sample: list[Customer],
                 national: list[str]) -> dict[str, list[Callable[[], list[Customer]]]]:
    read, region = backend._store.read_sync, backend.region

    def lookup(text: str) -> Callable[[], list[Customer]]:
        return lambda: read(lambda conn: search.search_customers(conn, text, region,
                                                                 LOOKUP_LIMIT))

    def caller_id(number: str) -> Callable[[], list[Customer]]:
        def run() -> list[Customer]:
            e164 = phones.normalize(number, region)
            return read(lambda conn: rows.customers_by_ids(conn, search.exact_phone_ids(conn,
                                                                                        e164)))
        return run

    calls = {kind: [lookup(q) for q in texts] for kind, texts in sets.items()}
    calls["caller-ID E.164"] = [caller_id(c.phones[0]) for c in sample]
    calls["caller-ID national"] = [caller_id(n) for n in national]
    return calls


async def measure(path: Path, queries: int, runs: int
                  ) -> list[tuple[str, float, float, float, float, float, float]]:
    rng = random.Random(11)
    async with SqliteBackend(path) as backend:
        top = await backend._store.read(
            lambda conn: conn.execute("SELECT MAX(id) FROM customers").fetchone()[0])
        customers = backend.customers
        sample = [await customers.get_customer(rng.randrange(1, top + 1)) for _ in range(queries)]
        sets = query_sets(sample, rng)
        kinds: dict[str, list[Callable[[], Awaitable[list[Customer]]]]] = {
            kind: [lambda q=q: customers.search_customers(q, LOOKUP_LIMIT) for q in texts]
            for kind, texts in sets.items()}
        kinds["caller-ID E.164"] = [lambda c=c: customers.find_customers_by_phone(c.phones[0])
                                    for c in sample]
        # national format as an Italian switchboard shows it (region IT); others as E.164
        national = [_formats(c.phones[0])[3] if c.phones[0].startswith("+39") else c.phones[0]
                    for c in sample]
        kinds["caller-ID national"] = [lambda n=n: customers.find_customers_by_phone(n)
                                       for n in national]
        engine = engine_calls(backend, sets, sample, national)
        inline = backend._store.inline_lookups
        assert inline is not None
        results = []
        for kind, calls in kinds.items():
            await timed(calls)  # warm-up
            handed_over = inline.over_budget
            figures = [await timed(calls) for _ in range(runs)]
            handed_over = (inline.over_budget - handed_over) / (runs * len(calls))
            direct = [timed_sync(engine[kind]) for _ in range(runs)]
            results.append((kind, statistics.median(f[0] for f in figures),
                            statistics.median(f[1] for f in figures),
                            statistics.median(f[0] for f in direct),
                            statistics.median(f[1] for f in direct),
                            statistics.median(f[2] for f in figures), handed_over))
        return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/centralino-bench"))
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"{cpu_check()}")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = args.dir / f"lookup-{size}.db"
        if args.rebuild or not path.exists():
            generate, loaded = await build(path, size)
            print(f"built {size:,} customers: generate {generate:.1f} s, "
                  f"bulk_load {loaded:.1f} s ({size / loaded:,.0f} rows/s)", flush=True)
        print(f"\n{size:,} customers ({path.stat().st_size / 1e6:.0f} MB)")
        print(f"{'lookup':<22}{'api p50':>9}{'api p95':>9}{'engine p50':>12}"
              f"{'engine p95':>12}{'found':>7}{'thread':>8}   (ms)")
        for kind, p50, p95, e50, e95, found, handed_over in await measure(
                path, args.queries, args.runs):
            print(f"{kind:<22}{p50:>9.2f}{p95:>9.2f}{e50:>12.2f}{e95:>12.2f}{found:>7.0%}"
                  f"{handed_over:>8.1%}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
