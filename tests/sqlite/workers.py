"""Code the SQLite tests run in other processes and threads (importable for 'spawn').

Also a script: `python -m tests.sqlite.workers tickets DB` writes tickets forever and prints
each id once its transaction is committed; `... customer DB NAME` creates one customer and
prints the wall-clock time of the commit.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
import time

from backends.errors import BackendError, Conflict, NotFound
from backends.sqlite import SqliteBackend
from backends.tickets.inputs import TicketDraft


def claim_each(path: str, operator: str, call_ids: list[int], seed: int) -> dict[str, list]:
    """Try to claim every call, in a random order: wins, lost races (Conflict), errors."""

    async def run() -> dict[str, list]:
        won: list[int] = []
        lost: list[int] = []
        errors: list[str] = []
        order = list(call_ids)
        random.Random(seed).shuffle(order)
        async with SqliteBackend(path) as backend:
            for call_id in order:
                try:
                    call = await backend.calls.claim_call(call_id, operator)
                except Conflict:
                    lost.append(call_id)
                except BackendError as exc:
                    errors.append(repr(exc))
                else:
                    assert call.operator == operator
                    won.append(call_id)
        return {"won": won, "lost": lost, "errors": errors}

    return asyncio.run(run())


def claim_heads(path: str, operator: str) -> dict[str, list]:
    """Take the head of the queue until it is empty."""

    async def run() -> dict[str, list]:
        won: list[int] = []
        errors: list[str] = []
        async with SqliteBackend(path) as backend:
            while True:
                try:
                    call = await backend.calls.claim_call(None, operator)
                except NotFound:
                    break
                except BackendError as exc:
                    errors.append(repr(exc))
                    break
                won.append(call.id)
        return {"won": won, "lost": [], "errors": errors}

    return asyncio.run(run())


def increment(conn: sqlite3.Connection) -> int:
    """A read-then-write transaction: the lost-update case BEGIN IMMEDIATE must prevent."""
    value = conn.execute("SELECT value FROM test_counter WHERE id = 1").fetchone()[0]
    conn.execute("UPDATE test_counter SET value = ? WHERE id = 1", [value + 1])
    return value + 1


def count_up(path: str, times: int) -> dict[str, list]:
    async def run() -> dict[str, list]:
        errors: list[str] = []
        async with SqliteBackend(path) as backend:
            for _ in range(times):
                try:
                    await backend._store.write(increment)
                except BackendError as exc:
                    errors.append(repr(exc))
        return {"won": [], "lost": [], "errors": errors}

    return asyncio.run(run())


async def _write_tickets(path: str) -> None:
    async with SqliteBackend(path) as backend:
        number = 0
        while True:
            number += 1
            ticket = await backend.tickets.create_ticket(TicketDraft(
                subject=f"Crash test {number}", body="written before the power cut " * 20))
            print(ticket.id, flush=True)  # acknowledged: the commit has returned


async def _one_customer(path: str, name: str) -> None:
    from backends.customers.inputs import CustomerDraft

    async with SqliteBackend(path) as backend:
        await backend.customers.create_customer(CustomerDraft(name=name))
        print(time.time(), flush=True)


if __name__ == "__main__":
    command, database = sys.argv[1], sys.argv[2]
    if command == "tickets":
        asyncio.run(_write_tickets(database))
    elif command == "customer":
        asyncio.run(_one_customer(database, sys.argv[3]))
    else:
        raise SystemExit(f"unknown command {command}")
