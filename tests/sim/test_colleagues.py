"""Simulated colleagues on a real SQLite file: presence changes and answered transfers."""

from __future__ import annotations

from typing import Any

from backends.calls.inputs import CallDraft
from backends.errors import Unavailable
from backends.people.models import DirectoryKind, Presence
from backends.protocol import Backend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind, TransferStatus
from console.simulator import CallSimulator, SimulatorConfig, run_simulator
from tests.domain_proxy import attribute_through
from tests.sim.conftest import COLLEAGUES

QUIET = dict(patience=(600.0, 600.0), adopt_waiting=False)


async def test_colleagues_go_busy_and_free(store: Backend) -> None:
    config = SimulatorConfig(presence_every=0.05, **QUIET)
    simulator = CallSimulator(store, config, seed=4)
    since = await store.feed.last_event_id()
    stats = await simulator.run(duration=1.0)

    assert stats.presence_changes >= 3
    # every change the simulator counted is in the store's change feed, and no other
    events = await store.feed.read_events(after_id=since, limit=1000)
    moves = [e for e in events if e.subject.startswith("directory:")]
    assert len(moves) == stats.presence_changes
    stored = {e.name: e for e in await store.people.list_directory("")}
    # what the simulator believes is what the store holds
    for name in COLLEAGUES:
        assert stored[name].presence is simulator.colleagues.directory[name.casefold()].presence
    # only people change presence, never a department
    assert stored["Billing desk"].kind is DirectoryKind.DEPARTMENT
    assert stored["Billing desk"].presence is Presence.AVAILABLE


async def _active_call(store: Backend, number: str, holder: str = "tester") -> int:
    call = await store.calls.create_call(CallDraft(caller=number))
    await store.calls.claim_call(call.id, holder)
    return call.id


async def test_warm_transfer_to_a_colleague_is_answered_but_never_for_an_operator(
        store: Backend) -> None:
    to_colleague = await store.transfers.create_transfer(TransferDraft(
        call_id=await _active_call(store, "+393332000001"), from_operator="tester",
        target="Anna Rossi", kind=TransferKind.WARM, note="wants a quote"))
    to_operator = await store.transfers.create_transfer(TransferDraft(
        call_id=await _active_call(store, "+393332000002"), from_operator="tester",
        target="colleague", kind=TransferKind.WARM))
    to_me = await store.transfers.create_transfer(TransferDraft(
        call_id=await _active_call(store, "+393332000003", "colleague"), from_operator="colleague",
        target="tester", kind=TransferKind.ESCALATION))

    config = SimulatorConfig(transfer_delay=(0.1, 0.3), transfer_poll=0.1,
                             presence_every=0, **QUIET)
    stats = await run_simulator(store, rate_per_minute=0, duration=1.5, seed=9, config=config,
                                protect=["tester"])

    answered = (await store.transfers.list_transfers(call_id=to_colleague.call_id))[0]
    assert answered.status in (TransferStatus.ACCEPTED, TransferStatus.DECLINED)
    assert answered.responded_by == "Anna Rossi"
    assert stats.transfers_answered == 1
    for untouched in (to_operator, to_me):
        again = (await store.transfers.list_transfers(call_id=untouched.call_id))[0]
        assert again.status is TransferStatus.OFFERED


class FlakyStore:
    """The real SQLite store behind a proxy that fails some calls with Unavailable (a fault
    injector: SQLite cannot be made to fail on cue, so this wrapper is the one fake here)."""

    def __init__(self, inner: Backend) -> None:
        self._inner = inner
        self._count = 0
        self.name = inner.name
        self.capabilities = inner.capabilities

    def __getattr__(self, attr: str) -> Any:
        return attribute_through(self._inner, attr, self._flaky)

    def _flaky(self, name: str, real: Any) -> Any:
        if name == "create_call":  # every third call fails
            async def create_call(draft: CallDraft) -> Any:
                self._count += 1
                if self._count % 3 == 0:
                    raise Unavailable("database is locked")
                return await real(draft)
            return create_call
        if name == "set_directory_presence":
            async def set_directory_presence(entry_id: int, presence: Presence) -> Any:
                raise Unavailable("database is locked")
            return set_directory_presence
        return real


async def test_backend_errors_are_counted_not_fatal(store: Backend) -> None:
    flaky = FlakyStore(store)
    events: list[str] = []
    config = SimulatorConfig(rate_per_minute=600, presence_every=0.05, **QUIET)
    simulator = CallSimulator(flaky, config, seed=6,  # type: ignore[arg-type]
                              on_event=lambda e: events.append(e.kind))
    stats = await simulator.run(duration=1.5)

    assert stats.errors >= 2
    assert events.count("error") == stats.errors
    calls = await store.calls.list_calls(limit=10_000)
    assert len(calls) == stats.arrived > 0
    assert stats.presence_changes == 0
