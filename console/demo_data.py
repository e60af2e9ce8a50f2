"""Seed a store with realistic demo data: `await seed_demo(backend, customers=1000, seed=1)`.

Customers from Italy, Hungary, Romania and the UK (console.demo_people), tickets with histories
and past calls (console.demo_activity), the directory of an invented company, its operators and
call dispositions (data/demo/directory.json). The same seed and `now` give identical data.
Rows stream into `backend.bulk_load`, so a million customers never sit in memory at once.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from backends.capabilities import Capability
from backends.errors import Conflict, Invalid, NotFound
from backends.i18n import _
from backends.people.models import DirectoryEntry, Disposition, Operator
from backends.protocol import Backend, require
from console.demo_activity import call_rows, ticket_rows
from console.demo_parallel import demo_customer_rows
from console.demo_people import CustomerFacts, Progress, customer_code
from console.demo_pools import Pools, load_pools
from console.queues import directory_rows as queue_directory_rows
from console.queues import in_language

PRESENCES = [("available", 5), ("on_call", 3), ("wrap_up", 1), ("paused", 1), ("offline", 2)]
# colleague index → (presence, note): the switchboard's demo has people away and on DND
ABSENT = {2: ("away", "at a client's, back after lunch"), 5: ("dnd", "board meeting"),
          9: ("away", "on holiday this week")}
# some colleagues work part time: outside these hours (Rome, Italian holidays) a transfer to
# them is refused and a message offered, as for a closed department (issue 19)
PART_TIME = {4: "mon-fri 09:00-13:00", 12: "mon,wed,fri 14:00-18:00"}


def _email_of(name: str) -> str:
    """An invented address (example.com is reserved for examples) for messages by e-mail."""
    local = ".".join(part for part in re.split(r"[^a-z]+", fold_name(name)) if part)
    return f"{local or 'colleague'}@example.com"


def fold_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class SeedSummary:
    customers: int
    tickets: int
    calls: int
    directory: int
    operators: int
    dispositions: int
    seconds: float


def default_calls(customers: int) -> int:
    return min(max(customers // 2, 50), 50_000)


def default_tickets(customers: int) -> int:
    return min(max(customers // 5, 20), 20_000)


def directory_rows(pools: Pools, seed: int) -> list[dict[str, Any]]:
    """The company directory, checked against DirectoryEntry (the files are data, not code)."""
    return [DirectoryEntry.model_validate(row).model_dump(exclude={"id", "version"})
            for row in _raw_directory(pools, seed)]


def _raw_directory(pools: Pools, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed * 31 + 3)
    spec = pools.directory
    presences = [value for value, weight in PRESENCES for _ in range(weight)]
    for dept in spec["departments"]:
        yield {"name": dept["name"], "kind": "department", "extension": dept["extension"],
               "notes": in_language(dept["notes"]), "presence": "available",
               "hours": dept.get("hours", ""), "holidays": dept.get("holidays"),
               "timezone": dept.get("timezone")}
    for index, (name, department, extension) in enumerate(spec["colleagues"]):
        presence = rng.choice(presences)  # drawn for every colleague: the sequence stays
        absent = ABSENT.get(index)  # some colleagues away or on do-not-disturb (issue 19)
        yield {"name": name, "kind": "person", "department": department,
               "extension": extension, "presence": absent[0] if absent else presence,
               "presence_note": absent[1] if absent else None,
               **({"hours": PART_TIME[index], "holidays": "IT", "timezone": "Europe/Rome"}
                  if index in PART_TIME else {}),
               "email": _email_of(name)}
    yield from queue_directory_rows()  # the one list of queues (data/queues.json)
    for outside in spec["external"]:
        yield {"name": outside["name"], "kind": "external", "number": outside["number"],
               "notes": in_language(outside["notes"]), "presence": "available"}


def operator_rows(pools: Pools) -> list[dict[str, Any]]:
    return [Operator.model_validate(op).model_dump(exclude={"id", "version"})
            for op in pools.directory["operators"]]


async def _first_customer_id(backend: Backend, count: int) -> int:
    """The id the store gave the first seeded customer; bulk loads number rows consecutively,
    which is checked on the last one so tickets and calls never point at the wrong person."""
    first = await backend.customers.get_customer_by_code(customer_code(1))
    last = await backend.customers.get_customer_by_code(customer_code(count))
    if last.id - first.id != count - 1:
        raise Invalid("customers", _("the store did not number the demo customers "
                                     "consecutively; seed an empty database"))
    return first.id


async def seed_demo(backend: Backend, *, customers: int, seed: int = 1,
                    calls: int | None = None, tickets: int | None = None,
                    now: datetime | None = None,
                    progress: Progress | None = None) -> SeedSummary:
    """Fill `backend` (opened, with the "bulk" capability) with demo data.

    `calls` and `tickets` default to default_calls / default_tickets of `customers`.
    Conflict when the store already holds demo customers; Invalid on negative counts.
    """
    for what, value in (("customers", customers), ("calls", calls), ("tickets", tickets)):
        if value is not None and value < 0:
            raise Invalid(what, _("must be 0 or more"))
    require(backend, Capability.BULK)
    started = time.perf_counter()
    calls = default_calls(customers) if calls is None else calls
    tickets = default_tickets(customers) if tickets is None else tickets
    now = now or datetime.now(UTC).replace(second=0, microsecond=0)
    pools = load_pools()
    try:
        await backend.customers.get_customer_by_code(customer_code(1))
    except NotFound:
        pass
    else:
        raise Conflict(_("this database already holds demo customers ({code} exists); "
                         "seed a new database file").format(code=customer_code(1)))

    facts = CustomerFacts()
    loaded = await backend.bulk_load(
        "customers", demo_customer_rows(seed, customers, facts, progress))
    first_id = await _first_customer_id(backend, loaded) if loaded else 0
    operators = await backend.bulk_load("operators", operator_rows(pools))
    dispositions = 0
    for code, label, needs_callback in pools.directory["dispositions"]:
        await backend.people.upsert_disposition(
            Disposition(code=code, label=label, needs_callback=needs_callback))
        dispositions += 1
    directory = await backend.bulk_load("directory", directory_rows(pools, seed))
    made_calls = await backend.bulk_load(
        "calls", call_rows(pools, seed, calls, facts, first_id, now, progress))
    made_tickets = await backend.bulk_load(
        "tickets", ticket_rows(pools, seed, tickets, facts, first_id, now, progress))
    return SeedSummary(customers=loaded, tickets=made_tickets, calls=made_calls,
                       directory=directory, operators=operators, dispositions=dispositions,
                       seconds=time.perf_counter() - started)
