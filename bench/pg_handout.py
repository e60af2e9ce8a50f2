"""A campaign's next contact on PostgreSQL, the hand-out committed without waiting for the WAL
flush (`write_claims`: SET LOCAL synchronous_commit = off) against one committed as every
other write (flushed).

    .venv/bin/python bench/pg_handout.py [--contacts 300] [--runs 5]

A PostgreSQL server of its own with fsync on (tests/pg_server.py, durable), one store; each run
a new campaign of --contacts contacts taken one by one by one operator; prints the median
milliseconds per hand-out of --runs runs for each way. Figures depend on the disk's flush.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import Outcome
from backends.postgres import PostgresBackend
from tests import pg_server
from tests.conformance.test_campaigns import ALL_DAY


async def one_run(backend: PostgresBackend, name: str, contacts: int) -> float:
    """Milliseconds per hand-out, taking every contact of a new campaign."""
    service = backend.domain(CAMPAIGNS)
    campaign = await service.create_campaign(CampaignDraft(
        name=name, outcomes=[Outcome(code="done", label="Done", final=True)], **ALL_DAY))
    await service.add_contacts(campaign.id, [
        ContactDraft(phone=f"+3906{20000000 + n}", business=True) for n in range(contacts)])
    started = time.perf_counter()
    taken = 0
    while await service.next_contact(campaign.id, "ada") is not None:
        taken += 1
    assert taken == contacts
    return (time.perf_counter() - started) * 1000 / contacts


async def main(args: argparse.Namespace) -> None:
    server = pg_server.start(durable=True)
    try:
        url = pg_server.create_database(server)
        async with PostgresBackend(url) as backend:
            storage: Any = backend.domain(CAMPAIGNS).storage  # type: ignore[attr-defined]
            lazy = storage.write_claims
            figures: dict[str, list[float]] = {"lazy (write_claims)": [], "flushed (write)": []}
            for run in range(args.runs):
                for label in figures:
                    storage.write_claims = lazy if label.startswith("lazy") else storage.write
                    figures[label].append(await one_run(
                        backend, f"{label} {run}", args.contacts))
            for label, values in figures.items():
                print(f"{label}: median {statistics.median(values):.2f} ms per hand-out "
                      f"({', '.join(f'{v:.2f}' for v in values)})")
    finally:
        pg_server.stop(server)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args()))
