"""The simulator against a real SQLite file: arrivals, matching, hang-ups, stop."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import phonenumbers

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState, Channel
from backends.errors import Conflict, NotFound
from backends.protocol import Backend
from console.simulator import CallSimulator, SimulatorConfig, run_simulator
from tests.sim.conftest import open_store, seed

PATIENT = SimulatorConfig(patience=(600.0, 600.0))  # nobody hangs up during the test


async def _all_calls(backend: Backend) -> list:
    return await backend.calls.list_calls(limit=10_000)


async def test_arrivals_land_in_the_store_and_match_customers(store: Backend) -> None:
    stats = await run_simulator(store, rate_per_minute=600, duration=2, seed=3, config=PATIENT)

    calls = await _all_calls(store)
    assert stats.arrived >= 5  # 600/min for 2 s: ~20 expected, 5 is far in the tail
    assert sorted(c.id for c in calls) == sorted(stats.call_ids)
    assert len(calls) == stats.arrived
    matched = [c for c in calls if c.customer_id is not None]
    assert len(matched) == stats.known_callers > 0
    assert all(c.state is CallState.WAITING for c in calls)
    assert stats.abandoned == 0
    for call in calls:
        if call.channel in (Channel.VOICE, Channel.SMS):
            number = phonenumbers.parse(call.caller)
            assert phonenumbers.is_valid_number(number), call.caller
            assert call.caller == phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164)
        if call.customer_id is not None:
            customer = await store.customers.get_customer(call.customer_id)
            assert call.vip == customer.is_vip
            assert call.caller in (*customer.phones, customer.email)
    unknown_voice = [c for c in calls if c.customer_id is None and c.channel is Channel.VOICE]
    regions = {phonenumbers.region_code_for_number(phonenumbers.parse(c.caller))
               for c in unknown_voice}
    assert regions <= {"IT", "HU", "RO", "GB"}


async def test_same_seed_same_callers(tmp_path: Path) -> None:
    """Two stores seeded alike and two runs with one seed: the same callers, in order."""
    sequences = []
    for name in ("a.db", "b.db"):
        backend = await open_store(tmp_path / name)
        try:
            await seed(backend)
            await run_simulator(backend, rate_per_minute=900, duration=1, seed=11,
                                config=PATIENT)
            calls = sorted(await _all_calls(backend), key=lambda c: c.id)
            sequences.append([(c.channel, c.caller, c.queue, c.priority) for c in calls])
        finally:
            await backend.close()
    shortest = min(len(s) for s in sequences)
    assert shortest >= 3
    assert sequences[0][:shortest] == sequences[1][:shortest]


async def test_waiting_callers_hang_up_but_answered_ones_never(store: Backend) -> None:
    ids = [(await store.calls.create_call(CallDraft(caller=f"+3933320000{n:02d}"))).id
           for n in range(6)]
    answered = ids[:3]
    for call_id in answered:
        await store.calls.claim_call(call_id, "tester")
    config = SimulatorConfig(patience=(0.1, 0.2), adopt_every=0.1)
    stats = await run_simulator(store, rate_per_minute=0, duration=1.5, seed=1, config=config)

    states = {cid: (await store.calls.get_call(cid)).state for cid in ids}
    assert all(states[cid] is CallState.ACTIVE for cid in answered)
    assert all(states[cid] is CallState.ABANDONED for cid in ids[3:])
    assert stats.abandoned == 3


async def test_race_between_operator_and_impatient_callers(store: Backend) -> None:
    """An operator answers the queue head as fast as possible while callers hang up after
    0.2–0.6 s: each call ends up answered or abandoned, never both."""
    claimed: list[int] = []
    stop = asyncio.Event()

    async def operator() -> None:
        while not stop.is_set():
            with contextlib.suppress(Conflict, NotFound):
                claimed.append((await store.calls.claim_call(None, "tester")).id)
            await asyncio.sleep(0.15)

    config = SimulatorConfig(patience=(0.2, 0.6))
    worker = asyncio.create_task(operator())
    stats = await run_simulator(store, rate_per_minute=600, duration=2.5, seed=5, config=config,
                                stop=stop)
    stop.set()
    await worker

    calls = {c.id: c for c in await _all_calls(store)}
    abandoned = {cid for cid, c in calls.items() if c.state is CallState.ABANDONED}
    assert claimed, "the operator answered nothing"
    assert abandoned, "nobody hung up"
    assert all(calls[cid].state is CallState.ACTIVE and calls[cid].operator == "tester"
               for cid in claimed)
    assert abandoned.isdisjoint(claimed)
    assert len(abandoned) == stats.abandoned


async def test_stop_event_ends_the_run_promptly(store: Backend) -> None:
    """Every loop sleeps for a minute here; only an interruptible wait lets stop end it."""
    config = SimulatorConfig(presence_every=60, adopt_every=60, transfer_poll=60,
                             patience=(60.0, 60.0))
    stop = asyncio.Event()
    simulator = CallSimulator(store, config, seed=2)
    task = asyncio.create_task(simulator.run(stop=stop))
    await asyncio.sleep(0.3)
    assert not task.done()
    stop.set()
    stats = await asyncio.wait_for(task, timeout=10)
    assert stats is simulator.stats
