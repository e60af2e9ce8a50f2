"""Demo customers generated in a second process while this one stores them.

Generating a customer row is pure Python and storing it mostly SQLite, but both need the GIL
of one process: in one process they take turns, and a seed of 1M customers spends about a
third of its time generating. A child process (spawned: it shares no threads or handles with
this one) runs the same deterministic generator and sends the rows in batches through a pipe,
so generation runs on the second core while this process inserts. The rows, their order and
the facts later generators need are exactly those of `customer_rows` in this process (tested).
Small seeds stay in-process: starting a child costs a few tenths of a second.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from backends.errors import Unavailable
from backends.i18n import _
from console.demo_people import CustomerFacts, Progress, customer_rows
from console.demo_pools import load_pools

PARALLEL_FROM = 100_000  # customers; below this a child costs more than it saves
BATCH = 5_000  # rows per message: small enough to keep both processes busy
JOIN_SECONDS = 10.0


def _produce(pipe: Connection, seed: int, count: int) -> None:
    """Child side: every row in batches, then the facts, then close."""
    facts = CustomerFacts()
    batch: list[dict[str, Any]] = []
    try:
        for row in customer_rows(load_pools(), seed, count, facts):
            batch.append(row)
            if len(batch) == BATCH:
                pipe.send(batch)
                batch = []
        if batch:
            pipe.send(batch)
        pipe.send(facts)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent stopped reading (its load failed): nothing left to do
    finally:
        pipe.close()


def customer_rows_in_child(seed: int, count: int, facts: CustomerFacts,
                           progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """The rows `customer_rows(load_pools(), seed, count, facts)` yields, made in a child
    process; `facts` is filled when the last row has been read."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_produce, args=(sending, seed, count), daemon=True,
                            name="centralino-seed")
    child.start()
    sending.close()  # only the child writes: its exit then ends our reads with EOFError
    done = 0
    try:
        while True:
            try:
                message = receiving.recv()
            except EOFError:
                raise Unavailable(_("the demo data generator stopped after {done} of {count} "
                                    "customers (exit code {code})").format(
                    done=done, count=count, code=child.exitcode)) from None
            if isinstance(message, CustomerFacts):
                facts.country.extend(message.country)
                facts.vip.extend(message.vip)
                facts.first_phone.extend(message.first_phone)
                facts.phone_count.extend(message.phone_count)
                break
            yield from message
            done += len(message)
            if progress is not None:
                progress("customers", done, count)
    finally:
        receiving.close()
        child.join(JOIN_SECONDS)
        if child.is_alive():
            child.terminate()
            child.join(JOIN_SECONDS)


def demo_customer_rows(seed: int, count: int, facts: CustomerFacts,
                       progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """Customer rows for a seed of `count`: from a child process for large seeds."""
    if count >= PARALLEL_FROM:
        return customer_rows_in_child(seed, count, facts, progress)
    return customer_rows(load_pools(), seed, count, facts, progress)
