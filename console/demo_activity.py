"""Demo history: tickets with their entries and past calls, so queues and KPIs look lived-in.

Everything is relative to `now` (passed in, so a fixed `now` gives identical data) and driven by
its own `random.Random`, seeded from the user's seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from console.demo_people import CustomerFacts, Progress
from console.demo_pools import Pools
from console.queues import shares

CATEGORIES = [("information", 25), ("technical", 30), ("administrative", 12), ("complaint", 10),
              ("order", 13), ("refund", 6), ("other", 4)]
STATUSES = [("new", 10), ("open", 25), ("pending", 15), ("resolved", 30), ("closed", 20)]
PRIORITIES = [("low", 20), ("normal", 55), ("high", 20), ("urgent", 5)]
TIERS = [(1, 75), (2, 20), (3, 5)]
CALL_ENDINGS = [("done", 86), ("abandoned", 10), ("transferred", 4)]
DONE_DISPOSITIONS = [("RESOLVED", 35), ("INFO_GIVEN", 30), ("TICKET_OPENED", 15),
                     ("ESCALATED", 6), ("CALLBACK", 10), ("WRONG_NUMBER", 4)]


def weighted(pairs: list[tuple[Any, int]]) -> list[Any]:
    """A flat table in which each value appears as often as its weight."""
    return [value for value, weight in pairs for _ in range(weight)]


def _pick(r: Any, table: Sequence[Any]) -> Any:
    return table[int(r() * len(table))]


def _working_operators(pools: Pools) -> list[str]:
    return [op["name"] for op in pools.directory["operators"]
            if op["role"] in ("operator", "receptionist", "supervisor")]


def ticket_rows(pools: Pools, seed: int, count: int, facts: CustomerFacts, first_customer_id: int,
                now: datetime, progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """`count` tickets over the last 60 days, each with 1–6 entries, oldest entry first."""
    rng = random.Random(seed * 7919 + 1)
    r = rng.random
    texts = pools.texts
    subjects = texts["ticket_subjects"]
    entry_texts = texts["ticket_entries"]
    languages = [pool.language for pool in pools.countries]
    categories, statuses = weighted(CATEGORIES), weighted(STATUSES)
    priorities, tiers = weighted(PRIORITIES), weighted(TIERS)
    operators = _working_operators(pools)
    n_customers = len(facts)
    for index in range(1, count + 1):
        customer_index = int(r() * n_customers) if n_customers and r() < 0.95 else None
        language = "en" if customer_index is None else languages[facts.country[customer_index]]
        category, status = _pick(r, categories), _pick(r, statuses)
        tier, priority = _pick(r, tiers), _pick(r, priorities)
        assignee = None if status == "new" else _pick(r, operators)
        created = now - timedelta(seconds=int(r() * 60 * 86400) + 600)
        clock = created
        author = _pick(r, operators)
        entries = [{"kind": "note", "author": author, "created_at": clock,
                    "body": _pick(r, entry_texts["opening"][language])}]
        for _ in range(int(r() * 4)):
            clock += timedelta(seconds=int(r() * 2 * 86400) + 300)
            kind = _pick(r, ("call_log", "reply", "note"))
            entries.append({"kind": kind, "author": assignee or author, "created_at": clock,
                            "body": _pick(r, entry_texts[kind][language])})
        for step in range(2, tier + 1):
            clock += timedelta(seconds=int(r() * 86400) + 300)
            entries.append({"kind": "system", "author": None, "created_at": clock,
                            "body": entry_texts["system"][1].format(tier=step)})
        if status in ("resolved", "closed"):
            clock += timedelta(seconds=int(r() * 86400) + 300)
            entries.append({"kind": "system", "author": None, "created_at": clock,
                            "body": entry_texts["system"][0].format(status=status)})
        clock = min(clock, now)
        for entry in entries:
            entry["created_at"] = min(entry["created_at"], now)
        vip = customer_index is not None and facts.vip[customer_index]
        if progress is not None and index % 10_000 == 0:
            progress("tickets", index, count)
        yield {
            "customer_id": None if customer_index is None else first_customer_id + customer_index,
            "subject": _pick(r, subjects[category][language]),
            "category": category,
            "priority": "high" if vip and priority in ("low", "normal") else priority,
            "status": status,
            "tier": tier,
            "assignee": assignee,
            "due_at": created + timedelta(days=3) if status in ("new", "open") else None,
            "tags": ["VIP"] if vip else [],
            "created_at": created,
            "updated_at": clock,
            "entries": entries,
        }


def _arrival(r: Any, now: datetime) -> datetime:
    """Office hours over the last 14 days; about one call in eight arrived earlier today."""
    today_start = now.replace(hour=8, minute=0, second=0, microsecond=0)
    if r() < 0.125 and now > today_start + timedelta(minutes=5):
        span = (now - today_start).total_seconds() - 300
        return today_start + timedelta(seconds=int(r() * span))
    day = today_start - timedelta(days=1 + int(r() * 13))
    return day + timedelta(seconds=int(r() * 11 * 3600))


def call_rows(pools: Pools, seed: int, count: int, facts: CustomerFacts, first_customer_id: int,
              now: datetime, progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """`count` finished calls (done, abandoned, transferred) in arrival order."""
    rng = random.Random(seed * 104729 + 2)
    r = rng.random
    notes = pools.texts["call_notes"]
    languages = [pool.language for pool in pools.countries]
    queues = weighted([(queue, round(share)) for queue, share in shares().items()])  # queues.json
    endings = weighted(CALL_ENDINGS)
    dispositions = weighted(DONE_DISPOSITIONS)
    operators = _working_operators(pools)
    n_customers = len(facts)
    arrivals = sorted(_arrival(r, now) for _ in range(count))
    for index, arrived in enumerate(arrivals, start=1):
        if n_customers and r() < 0.92:
            customer_index = int(r() * n_customers)
            caller = facts.first_phone[customer_index]
            customer_id: int | None = first_customer_id + customer_index
            language = languages[facts.country[customer_index]]
            vip = bool(facts.vip[customer_index])
        else:  # somebody not (yet) in the customer list
            pool = _pick(r, pools.country_table)
            caller = _pick(r, pool.mobile).number(r())
            customer_id, language, vip = None, pool.language, False
        state = _pick(r, endings)
        wait = timedelta(seconds=int(r() * r() * 240) + 3)
        queue = _pick(r, queues)
        row: dict[str, Any] = {
            "channel": "sms" if r() < 0.03 else "voice",
            "direction": "outbound" if r() < 0.08 else "inbound",
            "caller": caller, "customer_id": customer_id, "queue": queue,
            "priority": 5 if vip else (2 if queue == "complaints" else 0), "vip": vip,
            "state": state, "arrived_at": arrived, "notes": _pick(r, notes[language]),
        }
        if state == "abandoned":
            row.update(answered_at=None, ended_at=min(arrived + wait, now))
        else:
            talk = timedelta(seconds=int(45 + r() * r() * 900))
            row.update(answered_at=arrived + wait, ended_at=min(arrived + wait + talk, now),
                       operator=_pick(r, operators),
                       disposition="TRANSFERRED" if state == "transferred"
                       else _pick(r, dispositions))
        if row["answered_at"] is not None and row["answered_at"] > now:
            row["answered_at"] = row["ended_at"]
        if progress is not None and index % 10_000 == 0:
            progress("calls", index, count)
        yield row
