"""Parts of bench/pg.py (issue 21): the claim race across two servers, a change through one
server reaching an event stream on the other, and customer lookups at scale on SQLite and
PostgreSQL. Each prints its figures."""

from __future__ import annotations

import asyncio
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.customers.models import Customer
from backends.errors import NotFound
from backends.http import HttpBackend
from backends.postgres import PostgresBackend
from backends.protocol import Backend
from backends.sqlite import SqliteBackend
from bench import lookup
from screens.customers.customer_lookup import LOOKUP_LIMIT
from tests import pg_server


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def claim_race(urls: list[str], tokens: dict[str, str], calls: int) -> None:
    """`calls` waiting calls; 20 operators, half on each server, take the head until none."""
    feeder = HttpBackend(urls[0], token=tokens["feeder"], timeout=30)
    await feeder.open()
    made = [(await feeder.calls.create_call(CallDraft(caller="+390612345678"))).id
            for _ in range(calls)]
    await feeder.close()
    names = [n for n in tokens if n != "feeder"][:20]
    clients = [HttpBackend(urls[i % len(urls)], token=tokens[n], timeout=30)
               for i, n in enumerate(names)]
    for client in clients:
        await client.open()
    claimed: list[int] = []

    async def take(client: HttpBackend, name: str) -> None:
        while True:
            try:
                claimed.append((await client.calls.claim_call(None, name)).id)
            except NotFound:
                return

    began = time.perf_counter()
    await asyncio.gather(*(take(c, n) for c, n in zip(clients, names, strict=True)))
    took = time.perf_counter() - began
    for client in clients:
        await client.close()
    counts = Counter(claimed)
    twice = sum(1 for n in counts.values() if n > 1)
    missed = len(set(made) - set(counts))
    verdict = "every call claimed once" if not twice and not missed else "FAIL"
    print(f"\n# claim race across two servers: {len(claimed)} claims by 20 operators in "
          f"{took:.2f} s ({len(claimed) / took:.0f} claims/s); claimed twice: {twice}, "
          f"missed: {missed} -> {verdict}")


async def stream_delay(a_url: str, b_url: str, token: str, samples: int = 100) -> None:
    """Customers created one by one through A; when each reaches an event stream on B."""
    a, b = HttpBackend(a_url, token=token, timeout=30), HttpBackend(b_url, token=token,
                                                                    timeout=30)
    await a.open()
    await b.open()
    arrived: dict[str, float] = {}
    stream = b.feed.events(await b.feed.last_event_id())

    async def follow() -> None:
        async for event in stream:
            arrived.setdefault(event.subject, time.perf_counter())

    follower = asyncio.create_task(follow())
    await asyncio.sleep(1.0)
    delays: list[float] = []
    for n in range(samples):
        sent = time.perf_counter()
        made = await a.customers.create_customer(CustomerDraft(name=f"Stream Probe {n}"))
        subject = f"customer:{made.id}"
        deadline = sent + 10
        while subject not in arrived and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        delays.append(((arrived.get(subject) or deadline) - sent) * 1000)
        await asyncio.sleep(0.02)
    follower.cancel()
    await a.close()
    await b.close()
    p95 = _p95(delays)
    print(f"\n# a change through server A reaching a stream on server B ({samples} creates): "
          f"p50 {statistics.median(delays):.1f} ms, p95 {p95:.1f} ms, max {max(delays):.1f} ms "
          f"-> target p95 <= 100 ms {'met' if p95 <= 100 else 'NOT met'}")


async def _kinds(backend: Backend, sets: dict[str, list[str]], sample: list[Customer]
                 ) -> dict[str, list[Callable[[], Awaitable[list[Customer]]]]]:
    customers = backend.customers
    kinds: dict[str, list[Callable[[], Awaitable[list[Customer]]]]] = {
        kind: [lambda q=q: customers.search_customers(q, LOOKUP_LIMIT) for q in texts]
        for kind, texts in sets.items()}
    kinds["caller-ID E.164"] = [lambda c=c: customers.find_customers_by_phone(c.phones[0])
                                for c in sample]
    return kinds


async def lookups(pg: pg_server.PgServer, folder: Path, size: int, queries: int) -> None:
    path = folder / f"lookup-{size}.db"
    _generate, loaded = await lookup.build(path, size)
    url = pg_server.create_database(pg)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from console.cli import main; main()",
                           "db", "copy", str(path), url], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    copied = time.perf_counter() - began
    print(f"\n# lookups at {size:,} customers (SQLite bulk load {loaded:.0f} s; db copy to "
          f"PostgreSQL {copied:.0f} s, {size / copied:,.0f} customers/s)")
    rng = random.Random(11)
    async with SqliteBackend(path) as lite, PostgresBackend(url) as pgb:
        sample = [await lite.customers.get_customer(rng.randrange(1, size + 1))
                  for _ in range(queries)]
        sets = lookup.query_sets(sample, rng)
        print(f"{'lookup':<22}{'sqlite p50':>11}{'p95':>8}{'postgres p50':>14}{'p95':>8}"
              f"{'found (pg)':>12}   (ms, through the async API)")
        on_lite, on_pg = await _kinds(lite, sets, sample), await _kinds(pgb, sets, sample)
        for kind in on_lite:
            await lookup.timed(on_lite[kind])  # warm-up
            await lookup.timed(on_pg[kind])
            l50, l95, _found = await lookup.timed(on_lite[kind])
            p50, p95, found = await lookup.timed(on_pg[kind])
            print(f"{kind:<22}{l50:>11.2f}{l95:>8.2f}{p50:>14.2f}{p95:>8.2f}{found:>12.0%}",
                  flush=True)
