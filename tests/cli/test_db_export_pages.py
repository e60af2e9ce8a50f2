"""`db export` reads a SQLite file through backends.sqlite.export, the store's public paged
reader: every record once, in id order, across page boundaries; customers round-trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.sqlite import SqliteBackend
from backends.sqlite.export import PAGE_SIZE, call_pages, customer_pages, ticket_pages
from backends.tickets.inputs import TicketDraft, TicketEntryDraft
from tests.cli.conftest import Invoke


async def test_pages_cover_every_record_once_in_id_order(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "store.db") as backend:
        people = [await backend.customers.create_customer(CustomerDraft(name=f"Cliente {i}"))
                  for i in range(5)]
        tickets = [await backend.tickets.create_ticket(TicketDraft(subject=f"Guasto {i}",
                                                           body=f"prima nota {i}"))
                   for i in range(3)]
        await backend.tickets.add_ticket_entry(tickets[1].id, TicketEntryDraft(body="seconda nota"))
        calls = [await backend.calls.create_call(CallDraft(caller="+390612345678"))
                 for _ in range(4)]

        customer_sizes, customer_ids = [], []
        async for page in customer_pages(backend, page_size=2):
            customer_sizes.append(len(page))
            customer_ids += [c.id for c in page]
        assert customer_sizes == [2, 2, 1]
        assert customer_ids == [c.id for c in people]

        seen = [(t.id, [e.body for e in entries])
                async for page in ticket_pages(backend, page_size=2) for t, entries in page]
        assert seen == [(tickets[0].id, ["prima nota 0"]),
                        (tickets[1].id, ["prima nota 1", "seconda nota"]),
                        (tickets[2].id, ["prima nota 2"])]

        call_ids = [c.id async for page in call_pages(backend, page_size=4) for c in page]
        assert call_ids == [c.id for c in calls]


def test_export_of_a_seeded_file_counts_and_round_trips(invoke: Invoke, tmp_path: Path) -> None:
    customers = PAGE_SIZE + 37  # more than one page
    seeded = invoke("db", "seed", "--customers", str(customers), "--calls", "30",
                    "--tickets", "12", "--seed", "3")
    assert seeded.exit_code == 0, seeded.stderr

    dump = tmp_path / "customers.csv"
    result = invoke("db", "export", "--what", "customers", "-o", str(dump))
    assert result.exit_code == 0, result.stderr
    assert f"exported {customers} customers" in result.stdout
    with dump.open(encoding="utf-8", newline="") as handle:
        header, *records = list(csv.reader(handle))
    assert header[:2] == ["code", "name"] and len(records) == customers
    assert len({r[0] for r in records}) == customers  # every customer once

    tickets = json.loads(invoke("db", "export", "--what", "tickets", "--format", "json").stdout)
    calls = json.loads(invoke("db", "export", "--what", "calls", "--format", "json").stdout)
    assert len(tickets) == 12 and all(t["entries"] for t in tickets)
    assert len(calls) == 30
    assert [t["id"] for t in tickets] == sorted(t["id"] for t in tickets)

    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    imported = invoke("db", "import", str(dump), url=fresh)
    assert imported.exit_code == 0, imported.stderr
    assert f"imported {customers} customer(s)" in imported.stdout
    original = json.loads(invoke("db", "export", "--format", "json").stdout)
    copied = json.loads(invoke("db", "export", "--format", "json", url=fresh).stdout)
    assert len(original) == customers
    assert copied == original
