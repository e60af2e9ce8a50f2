"""Taking next contacts for several operators in one transaction (group commit).

Every write transaction ends with a sync of the database (DESIGN.md: synchronous=FULL,
~4 ms on the machines measured), and a store has one writer: 50 operators asking at once
waited for 50 syncs in a row, 249 ms at p95. Here the requests of one process for one
campaign that arrive while a transaction runs wait for it to end and are then served
together by the next one, each contact still claimed by a conditional UPDATE (so across
processes and the server no contact is handed out twice). A request carrying a request mark
(backends/applied_once.py: the server's retry-safe requests) is served alone, since a
transaction records one mark.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from backends.applied_once import CURRENT
from backends.campaigns import hours, rules
from backends.campaigns.models import Campaign, Contact, ContactState

if TYPE_CHECKING:
    from backends.campaigns.storage import CampaignsWriter

Take = Callable[[int, list[str]], Awaitable[list[Contact | None]]]
Waiting = list[tuple[str, "asyncio.Future[Contact | None]"]]


def take_for(tx: CampaignsWriter, campaign: Campaign, now: datetime, operators: list[str],
             blocked: list[Contact]) -> list[Contact | None]:
    """The next contacts due, one per operator in order (None for those left without one);
    contacts found on a do-not-call list are added to `blocked` (closed by the caller after
    the scan: closing them during it would move its pages). Each page of candidates costs
    three statements whatever its size: the page, its numbers' do-not-call look-up, and one
    conditional UPDATE claiming the picks."""
    taken: list[Contact | None] = [None] * len(operators)
    waiting = list(range(len(operators)))  # positions of the operators not yet served
    offset = 0
    size = rules.FIRST_BATCH + len(operators) - 1  # the first are usually callable
    while waiting and offset < rules.MAX_SCAN:
        batch = tx.candidates(campaign.id, now, offset, size)
        listed = tx.dnc_listed([c.phone for c in batch], campaign.id)
        picks: list[tuple[Contact, int]] = []
        for contact in batch:
            if len(picks) == len(waiting):
                break
            if contact.phone in listed:
                blocked.append(contact)
            elif hours.why_not_now(campaign, contact, now) is None:
                picks.append((contact, waiting[len(picks)]))
        won = tx.claim_many([(c.id, operators[at]) for c, at in picks], now) if picks else set()
        for contact, at in picks:  # a claim lost (to another writer) leaves its operator
            if contact.id in won:  # waiting for the next pick
                taken[at] = contact.model_copy(update={
                    "state": ContactState.CLAIMED, "claimed_by": operators[at],
                    "claimed_at": now})
                waiting.remove(at)
        if len(batch) < size:
            break
        offset += len(batch) - len(won)  # claimed contacts left the open ones
        size = rules.SCAN_BATCH
    return taken


class ClaimQueue:
    """The requests waiting for a campaign's next transaction, per event loop."""

    def __init__(self, take: Take) -> None:
        self._take = take
        self._waiting: dict[tuple[int, int], Waiting] = {}
        self._running: set[tuple[int, int]] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def next_contact(self, campaign_id: int, operator: str) -> Contact | None:
        mark = CURRENT.get()
        if mark is not None and not mark.applied:
            return (await self._take(campaign_id, [operator]))[0]
        loop = asyncio.get_running_loop()
        key = (id(loop), campaign_id)
        future: asyncio.Future[Contact | None] = loop.create_future()
        self._waiting.setdefault(key, []).append((operator, future))
        if key not in self._running:
            self._running.add(key)
            task = loop.create_task(self._drain(key))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await future

    async def _drain(self, key: tuple[int, int]) -> None:
        try:
            while self._waiting.get(key):
                batch = [(op, f) for op, f in self._waiting.pop(key) if not f.done()]
                if batch:
                    await self._serve(key[1], batch)
        finally:
            self._running.discard(key)
            for _op, future in self._waiting.pop(key, []):  # only if cancelled mid-way
                future.cancel()

    async def _serve(self, campaign_id: int, batch: Waiting) -> None:
        try:
            taken = await self._take(campaign_id, [op for op, _f in batch])
        except Exception as exc:  # every waiting request gets the error (NotFound, …)
            for _op, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        except BaseException:
            for _op, future in batch:
                future.cancel()
            raise
        for (_op, future), contact in zip(batch, taken, strict=True):
            if not future.done():
                future.set_result(contact)
