"""RT has no push: poll its transactions and turn other people's changes into feed events.

The cursor is RT's transaction id (strictly increasing), not LastUpdated: dates have one-second
resolution and depend on the API user's time zone, ids have neither problem, and each change
is seen exactly once. Changes this backend made itself are already in the feed and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from backends.errors import BackendError, NotFound
from backends.rt import mapping
from backends.rt.client import RtClient
from backends.rt.customers import SCOPE_CF
from backends.rt.local import LocalBridge
from backends.rt.own_writes import OwnWrites

log = logging.getLogger(__name__)
_SUBJECTS = {"RT::Ticket": "ticket", "RT::User": "customer"}
BATCH = 200


class RtPoller:
    """Polls `client` for RT transactions in `queue` (customers in `scope`), skipping the
    changes `own_writes` knows as ours, and appends events through `bridge`."""

    def __init__(self, client: RtClient, bridge: LocalBridge, own_writes: OwnWrites, *,
                 queue: str, scope: str | None, interval: float) -> None:
        self.client = client
        self.bridge = bridge
        self.own_writes = own_writes
        self.queue = queue
        self.scope = scope
        self.interval = interval
        self.cursor = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        items = await self.client.collection(
            "/transactions", body=[{"field": "id", "operator": ">", "value": "0"}], limit=1,
            orderby="id", order="DESC", fields="id")
        self.cursor = int(items[0]["id"]) if items else 0
        self._task = asyncio.create_task(self._run(), name="rt-poller")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    async def _run(self) -> None:
        delay = self.interval
        while True:
            await asyncio.sleep(delay)
            try:
                await self.poll_once()
                delay = self.interval
            except BackendError as exc:  # RT down: keep trying, less often
                log.warning("RT poll failed: %s", exc)
                delay = min(delay * 2, 30.0)

    async def poll_once(self) -> int:
        """Fetch RT transactions after the cursor; append one event per changed record.
        Returns the number of events appended."""
        own = self.own_writes
        if own.inflight:
            return 0  # our own write is half done: look again next round
        generation = own.generation
        items = await self.client.collection(
            "/transactions", limit=BATCH, orderby="id", order="ASC",
            body=[{"field": "id", "operator": ">", "value": str(self.cursor)}],
            fields="ObjectType,ObjectId,Type,Creator")
        if own.inflight or own.generation != generation:
            return 0  # a write of ours raced this read; its transactions may be in it
        changed: dict[str, dict[str, Any]] = {}
        for txn in items:
            txn_id = int(txn["id"])
            self.cursor = max(self.cursor, txn_id)
            kind = _SUBJECTS.get(str(txn.get("ObjectType")))
            if kind is None:
                continue
            subject = f"{kind}:{int(txn['ObjectId'])}"
            if own.is_own(subject, txn_id):
                continue
            entry = changed.setdefault(subject, {"types": [], "by": None, "txn": 0})
            entry["types"].append(str(txn.get("Type")))
            entry["by"] = mapping.ref_name(txn.get("Creator"))
            entry["txn"] = txn_id
        tickets = [int(s.split(":")[1]) for s in changed if s.startswith("ticket:")]
        mine = set(await self._in_queue(tickets)) if tickets else set()
        count = 0
        for subject, entry in changed.items():
            kind, _sep, ident = subject.partition(":")
            if kind == "ticket" and int(ident) not in mine:
                continue
            if kind == "customer" and not await self._in_scope(int(ident)):
                continue
            action = "created" if "Create" in entry["types"] else "updated"
            await self.bridge.emit(f"{kind}.{action}", subject, {
                "source": "rt-poll", "by": entry["by"], "rt_types": entry["types"][:20],
                "rt_transaction": entry["txn"]})
            count += 1
        return count

    async def _in_scope(self, user_id: int) -> bool:
        """Whether an RT user belongs to this backend's customer scope (all do without one)."""
        scope = self.scope
        if scope is None:
            return True
        try:
            user, _etag = await self.client.get_json(f"/user/{user_id}")
        except NotFound:
            return False
        return mapping.cf_first(user, SCOPE_CF) == scope

    async def _in_queue(self, ticket_ids: list[int]) -> list[int]:
        """The tickets of this backend's queue among `ticket_ids` (one TicketSQL query)."""
        ids = " OR ".join(f"id = {int(i)}" for i in ticket_ids[:100])
        query = f"Queue = {mapping.sql_literal(self.queue)} AND ({ids})"
        items = await self.client.collection("/tickets", limit=100, query=query,
                                                     fields="id")
        return [int(i["id"]) for i in items]
