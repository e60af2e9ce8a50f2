"""Outbound campaigns on SQLite: contact import, next contact for concurrent operators, and
the do-not-call import and check (issue 17's targets: 1,000,000 contacts imported ≤ 60 s; next
contact p95 ≤ 5 ms for 50 operators on 1,000,000 contacts, each handed out once; 10,000,000
do-not-call numbers imported ≤ 90 s, a check p95 ≤ 0.5 ms).

    .venv/bin/python bench/outbound.py [--contacts 1000000] [--dnc 10000000]
        [--operators 50] [--takes 5000] [--runs 3]

Contacts are imported the way `centralino campaign import` does it (a CSV file checked row by
row, spooled, and added by chunks, the store linking them to customers); do-not-call numbers
the way `dnc import` does (console/dnc_import.py: chunks of 10,000 through the service, the
next read while one is written). Prints medians of `runs` runs (each on a
fresh database). Figures depend on the machine and its load: the imports' CPU seconds (both
threads of this process) say how much work they did whatever the other tenants did.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignDraft, DncChange
from backends.campaigns.models import DncList
from backends.campaigns.rules import default_outcomes
from backends.sqlite import SqliteBackend
from bench.machine import cpu_check
from console import contact_import
from console.dnc_import import add_in_chunks


def _phone(n: int) -> str:
    return f"+3906{10_000_000 + n}"


def _listed(n: int) -> str:
    """The n-th register number: valid London numbers for n < 20,000,000."""
    return f"+4420{30_000_000 + n}"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


async def import_contacts(folder: Path, count: int
                          ) -> tuple[float, float, int, SqliteBackend]:
    csv = folder / "contacts.csv"
    with csv.open("w", encoding="utf-8") as out:
        out.write("phone,name,product\n")
        for n in range(count):
            out.write(f"{_phone(n)},Contact {n},fibra\n")
    backend = SqliteBackend(folder / "store.db")
    await backend.open()
    campaigns = backend.domain(CAMPAIGNS)
    from datetime import time as clock_time
    campaign = await campaigns.create_campaign(CampaignDraft(
        name="bench", outcomes=default_outcomes(), hours_start=clock_time(0),
        hours_end=clock_time(23, 59, 59, 999999), weekdays=list(range(7)),
        business_override=True))
    started, cpu = time.perf_counter(), time.process_time()
    with csv.open(encoding="utf-8", newline="") as handle, contact_import.new_spool() as spool:
        result = contact_import.check_file(contact_import.read_rows(csv, "csv", handle), "IT",
                                           spool, lambda problem: None)
        await contact_import.write_contacts(backend, campaign.id, spool, result)
    return (time.perf_counter() - started, time.process_time() - cpu, result.added,
            backend)


async def take(backend: SqliteBackend, operators: int, takes: int) -> tuple[float, bool]:
    campaigns = backend.domain(CAMPAIGNS)
    campaign_id = (await campaigns.list_campaigns())[0].id
    timings: list[float] = []
    handed: list[int] = []
    per = takes // operators

    async def operator(name: str) -> None:
        for _ in range(per):
            started = time.perf_counter()
            contact = await campaigns.next_contact(campaign_id, name)
            timings.append(time.perf_counter() - started)
            if contact is not None:
                handed.append(contact.id)

    await asyncio.gather(*(operator(f"op{n}") for n in range(operators)))
    return p95(timings) * 1000, len(handed) == len(set(handed)) == per * operators


async def dnc(backend: SqliteBackend, count: int, checks: int
              ) -> tuple[float, float, float]:
    campaigns = backend.domain(CAMPAIGNS)
    numbers = [_listed(n) for n in range(count)]  # as `dnc import` holds the file's
    started, cpu = time.perf_counter(), time.process_time()
    await add_in_chunks(campaigns, numbers, lambda chunk: DncChange(
        numbers=chunk, list_name=DncList.UK_TPS))
    imported, imported_cpu = time.perf_counter() - started, time.process_time() - cpu
    timings: list[float] = []
    rng = random.Random(7)
    for _ in range(checks):
        number = _listed(rng.randrange(count * 2))  # half of them listed
        started = time.perf_counter()
        await campaigns.check_dnc(number)
        timings.append(time.perf_counter() - started)
    return imported, imported_cpu, p95(timings) * 1000


def _say(text: str) -> None:
    """Each figure as soon as it is measured (on stderr), for runs stopped part-way."""
    print(f"  … {text}", file=sys.stderr, flush=True)


async def run_once(args: argparse.Namespace) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        seconds, cpu, added, backend = await import_contacts(Path(folder), args.contacts)
        try:
            assert added == args.contacts
            _say(f"import {seconds:.2f} s ({cpu:.2f} s of CPU)")
            alone_p95, _once = await take(backend, 1, 500)
            _say(f"next, 1 operator, p95 {alone_p95:.2f} ms")
            next_p95, once = await take(backend, args.operators, args.takes)
            assert once, "a contact was handed out twice"
            _say(f"next, {args.operators} operators, p95 {next_p95:.2f} ms")
            dnc_seconds, dnc_cpu, check_p95 = await dnc(backend, args.dnc, 2000)
            _say(f"dnc import {dnc_seconds:.2f} s ({dnc_cpu:.2f} s of CPU), "
                 f"check p95 {check_p95:.3f} ms")
        finally:
            await backend.close()
    return {"import_s": seconds, "import_cpu_s": cpu, "next_p95_ms_1_op": alone_p95,
            "next_p95_ms": next_p95, "dnc_import_s": dnc_seconds, "dnc_import_cpu_s": dnc_cpu,
            "dnc_check_p95_ms": check_p95}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--dnc", type=int, default=10_000_000)
    parser.add_argument("--operators", type=int, default=50)
    parser.add_argument("--takes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    before = cpu_check()
    results = [asyncio.run(run_once(args)) for _ in range(args.runs)]
    print(f"contacts={args.contacts} dnc={args.dnc} operators={args.operators} "
          f"runs={args.runs} (medians); machine: {before}, then {cpu_check()}")
    for key in results[0]:
        print(f"  {key:<18}{statistics.median(r[key] for r in results):10.2f}")


if __name__ == "__main__":
    main()
