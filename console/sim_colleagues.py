"""Simulated colleagues: directory people who go busy and free, and who accept or decline the
warm transfers and escalations offered to them (or to a queue) after a few seconds.

They never answer for an operator login: those are real people at a console.
"""

from __future__ import annotations

import random

from backends.capabilities import Capability
from backends.errors import BackendError, Conflict, NotFound
from backends.i18n import _
from backends.models import DirectoryEntry, DirectoryKind, Presence, Transfer, TransferStatus
from console.sim_settings import SimulationHost

# next presence of a directory person: mostly busy ↔ free, sometimes a pause or a day off
PRESENCE_MOVES: dict[Presence, dict[Presence, float]] = {
    Presence.AVAILABLE: {Presence.ON_CALL: 0.7, Presence.PAUSED: 0.15, Presence.WRAP_UP: 0.1,
                         Presence.OFFLINE: 0.05},
    Presence.ON_CALL: {Presence.WRAP_UP: 0.5, Presence.AVAILABLE: 0.5},
    Presence.WRAP_UP: {Presence.AVAILABLE: 1.0},
    Presence.PAUSED: {Presence.AVAILABLE: 1.0},
    Presence.OFFLINE: {Presence.AVAILABLE: 1.0},
}
DIRECTORY_REFRESH = 30.0
OPERATORS_REFRESH = 10.0


class ColleagueSimulator:
    def __init__(self, sim: SimulationHost, rng: random.Random) -> None:
        self.sim = sim
        self.rng = rng
        self.directory: dict[str, DirectoryEntry] = {}  # casefolded name → entry
        self._directory_at = float("-inf")
        self._logins: set[str] = set()
        self._logins_at = float("-inf")
        self._due: dict[int, float] = {}  # transfer id → when its target answers
        self._ignored: set[int] = set()

    # -- directory ------------------------------------------------------------------------
    async def refresh_directory(self, force: bool = False) -> None:
        now = self.sim.clock()
        if not force and now - self._directory_at < DIRECTORY_REFRESH:
            return
        self._directory_at = now
        try:
            entries = await self.sim.backend.people.list_directory("")
        except BackendError as exc:
            self.sim.failed(_("reading the directory"), exc)
            return
        self.directory = {entry.name.casefold(): entry for entry in entries}

    async def presence_loop(self) -> None:
        mean = self.sim.config.presence_every
        if mean <= 0:
            return
        while not await self.sim.pause(self.rng.expovariate(1.0 / mean)):
            await self.refresh_directory()
            people = sorted((e for e in self.directory.values()
                             if e.kind is DirectoryKind.PERSON and e.id is not None),
                            key=lambda e: e.id or 0)
            if people:
                person = self.rng.choice(people)
                moves = PRESENCE_MOVES[person.presence]
                target = self.rng.choices(list(moves), weights=list(moves.values()), k=1)[0]
                await self.set_presence(person, target)

    async def set_presence(self, person: DirectoryEntry, presence: Presence) -> None:
        assert person.id is not None
        try:
            updated = await self.sim.backend.people.set_directory_presence(person.id, presence)
        except BackendError as exc:
            self.sim.failed(_("presence of {name}").format(name=person.name), exc)
            return
        self.directory[updated.name.casefold()] = updated
        self.sim.stats.presence_changes += 1
        self.sim.emit("presence", _("{name} is now {presence}").format(
            name=updated.name, presence=updated.presence.value))

    # -- transfers ------------------------------------------------------------------------
    async def _refresh_logins(self) -> None:
        now = self.sim.clock()
        if now - self._logins_at < OPERATORS_REFRESH:
            return
        self._logins_at = now
        if Capability.OPERATORS not in self.sim.backend.capabilities:
            return
        try:
            operators = await self.sim.backend.people.list_operators()
        except BackendError as exc:
            self.sim.failed(_("reading the operators"), exc)
            return
        self._logins = {op.name.casefold() for op in operators}

    def answers_for(self, target: str) -> bool:
        """A simulated colleague answers for this target: anything that is not a person
        sitting at a console (a directory entry, a queue, a department)."""
        key = target.casefold()
        return key not in self.sim.config.protect and key not in self._logins

    async def transfer_loop(self) -> None:
        if Capability.TRANSFERS not in self.sim.backend.capabilities:
            return
        while not await self.sim.pause(self.sim.config.transfer_poll):
            await self._refresh_logins()
            await self.refresh_directory()
            try:
                offered = await self.sim.backend.transfers.list_transfers(
                    status=TransferStatus.OFFERED, limit=200)
            except BackendError as exc:
                self.sim.failed(_("reading transfers"), exc)
                continue
            await self._answer_due(offered)

    async def _answer_due(self, offered: list[Transfer]) -> None:
        now = self.sim.clock()
        low, high = self.sim.config.transfer_delay
        still_offered = {t.id for t in offered}
        self._due = {tid: at for tid, at in self._due.items() if tid in still_offered}
        for transfer in offered:
            if transfer.id in self._ignored or transfer.id in self._due:
                continue
            if self.answers_for(transfer.target):
                self._due[transfer.id] = now + self.rng.uniform(low, high)
            else:
                self._ignored.add(transfer.id)
        for transfer in sorted(offered, key=lambda t: t.id):
            if self.sim.halted:
                return
            due = self._due.get(transfer.id)
            if due is not None and due <= now:
                del self._due[transfer.id]
                await self.respond(transfer)

    async def respond(self, transfer: Transfer) -> bool | None:
        """Accept or decline as the target. None when somebody else answered first."""
        entry = self.directory.get(transfer.target.casefold())
        busy = entry is not None and entry.presence is not Presence.AVAILABLE
        accept = self.rng.random() < (0.3 if busy else 0.8)
        try:
            await self.sim.backend.transfers.respond_transfer(transfer.id, accept,
                                                              by=transfer.target)
        except (Conflict, NotFound):
            return None  # answered or withdrawn meanwhile
        except BackendError as exc:
            self.sim.failed(_("answering transfer {id}").format(id=transfer.id), exc)
            return None
        stats = self.sim.stats
        if accept:
            stats.transfers_accepted += 1
        else:
            stats.transfers_declined += 1
        text = (_("{target} accepted transfer {id} (call #{call})") if accept
                else _("{target} declined transfer {id} (call #{call})"))
        self.sim.emit("transfer_accepted" if accept else "transfer_declined",
                      text.format(target=transfer.target, id=transfer.id, call=transfer.call_id))
        if accept and entry is not None and entry.kind is DirectoryKind.PERSON:
            await self.set_presence(entry, Presence.ON_CALL)
        return accept
