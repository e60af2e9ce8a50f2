"""The simulator on a real SQLite lab database (issue 20): callers staged for trainees (offered
to one trainee each, `backends/training/desk.stage`) are left to their scenarios, while the
shared queue's callers still run out of patience and hang up; no simulated caller rings from
a scenario persona's number (its customer record is in the lab database once staged)."""

from __future__ import annotations

import asyncio
import subprocess
from dataclasses import replace
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.customers.inputs import CustomerDraft
from backends.sqlite import SqliteBackend
from backends.training.desk import persona_numbers, stage
from console.sim_settings import SimEvent
from console.simulator import CallSimulator, SimulatorConfig, left_to_its_scenario
from tests.sim.test_cli_simulate import CENTRALINO
from tests.ui_lab.harness import library, running_class

# no new callers, no colleagues, no follow-up: only the patience of the callers waiting
IMPATIENT = replace(SimulatorConfig(), rate_per_minute=0.0, patience=(0.1, 0.1),
                    adopt_every=0.1, presence_every=0.0, callback_share=0.0,
                    survey_share=0.0)


async def _until_abandoned(store: SqliteBackend, call_id: int) -> None:
    async with asyncio.timeout(60):  # bounds the wait; the test asserts no duration
        while (await store.calls.get_call(call_id)).state is not CallState.ABANDONED:
            await asyncio.sleep(0.05)


async def test_staged_callers_are_left_to_their_scenarios(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    await running_class(db, ["identify-calm"])  # ada and bruno, session running
    scenario = library().scenarios["identify-calm"]
    async with SqliteBackend(db) as store:
        staged = [await stage(store.customers, store.calls, scenario, trainee)
                  for trainee in ("ada", "bruno")]
        assert all(left_to_its_scenario(call) for call in staged)
        first = await store.calls.create_call(CallDraft(caller="+390655500001"))
        assert not left_to_its_scenario(first)
        stop = asyncio.Event()
        simulator = CallSimulator(store, IMPATIENT, seed=5)
        run = asyncio.create_task(simulator.run(stop=stop))
        try:
            await _until_abandoned(store, first.id)
            # a caller arriving after the staged ones were seen: once it has hung up, every
            # caller seen before it has had its own patience run out as well
            later = await store.calls.create_call(CallDraft(caller="+390655500002"))
            await _until_abandoned(store, later.id)
        finally:
            stop.set()
            stats = await run
        assert stats.abandoned == 2
        for call in staged:
            kept = await store.calls.get_call(call.id)
            assert (kept.state, kept.operator) == (CallState.OFFERED, call.operator)
        # and the trainee still answers their caller
        answered = await store.calls.answer_call(None, "ada")
        assert answered.id == staged[0].id and answered.state is CallState.ACTIVE


async def test_a_staged_caller_is_never_hung_up_even_when_watched(tmp_path: Path) -> None:
    """The hang-up itself refuses a staged caller (a call watched before it was offered to
    a trainee, or watched by a caller of `watch`)."""
    db = tmp_path / "lab.db"
    await running_class(db, ["identify-calm"])
    async with SqliteBackend(db) as store:
        call = await stage(store.customers, store.calls, library().scenarios["identify-calm"],
                           "ada")
        simulator = CallSimulator(store, IMPATIENT, seed=1)
        assert not await simulator.hang_up(call.id)
        assert (await store.calls.get_call(call.id)).state is CallState.OFFERED
        assert simulator.stats.abandoned == 0


def test_simulate_with_no_new_callers_on_a_lab_database(tmp_path: Path) -> None:
    """`centralino simulate --rate 0`: the colleagues only (they answer the trainees'
    transfers), no stranger ringing in the trainees' queue; the staged caller stays."""
    db = tmp_path / "lab.db"

    async def prepare() -> int:
        await running_class(db, ["identify-calm"])
        async with SqliteBackend(db) as store:
            call = await stage(store.customers, store.calls,
                               library().scenarios["identify-calm"], "ada")
            return call.id

    staged = asyncio.run(prepare())
    done = subprocess.run(
        [CENTRALINO, "--backend", f"sqlite:///{db}", "simulate", "--rate", "0",
         "--duration", "1", "--patience", "0.1-0.1"],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Done: 0 calls" in done.stdout
    assert "leaves the scenarios' callers to the lab" in done.stdout

    async def state() -> CallState:
        async with SqliteBackend(db) as store:
            return (await store.calls.get_call(staged)).state

    assert asyncio.run(state()) is CallState.OFFERED


async def _forty_callers(store: SqliteBackend, config: SimulatorConfig,
                         seed: int) -> CallSimulator:
    stop, arrived = asyncio.Event(), []

    def count(event: SimEvent) -> None:
        if event.kind == "arrived":
            arrived.append(event)
            if len(arrived) >= 40:
                stop.set()

    simulator = CallSimulator(store, config, seed=seed, on_event=count)
    async with asyncio.timeout(120):  # bounds the run; nothing timed is asserted
        await simulator.run(stop=stop)
    return simulator


async def test_no_simulated_caller_rings_from_a_personas_number(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    await running_class(db, ["identify-calm"])
    lib = library()
    reserved = persona_numbers(lib.scenarios.values())
    assert "+390612345678" in reserved  # identify-calm's Anna Verdi
    config = replace(IMPATIENT, rate_per_minute=6000.0, patience=(600.0, 600.0),
                     adopt_waiting=False, reserved_numbers=reserved)
    async with SqliteBackend(db) as store:
        staged = await stage(store.customers, store.calls, lib.scenarios["identify-calm"],
                             "ada")
        for n in range(3):  # the few other customers of a lab database
            await store.customers.create_customer(CustomerDraft(
                name=f"Anna Other {n}", phones=[f"+39333100000{n}"]))
        for seed in (1, 2, 5):  # seeds whose pool holds the persona on this database
            simulator = await _forty_callers(store, config, seed)
        calls = [c for c in await store.calls.list_calls(limit=1000) if c.id != staged.id]
        assert len(calls) >= 120 and sum(c.customer_id is not None for c in calls) > 0
        assert not [c.caller for c in calls if c.caller in reserved]
        # the persona's caller put back in a queue (a transfer to a department) is still
        # the scenario's: never hung up
        waiting = await store.calls.create_call(CallDraft(caller="+390612345678",
                                                          queue="sales"))
        assert not await simulator.hang_up(waiting.id)
        assert (await store.calls.get_call(waiting.id)).state is CallState.WAITING
