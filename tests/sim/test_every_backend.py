"""The simulator speaks only the Backend protocol: one short run on every backend factory."""

from __future__ import annotations

from backends.calls.inputs import CallDraft
from backends.protocol import Backend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind, TransferStatus
from console.simulator import SimulatorConfig, run_simulator
from tests.sim.conftest import seed


async def test_a_short_run_on_every_backend(backend: Backend) -> None:
    await seed(backend, customers=10)
    call = await backend.calls.create_call(
        CallDraft(caller="+393339990001"))
    await backend.calls.claim_call(call.id, "tester")
    offered = await backend.transfers.create_transfer(TransferDraft(
        call_id=call.id, from_operator="tester", target="Bence Nagy", kind=TransferKind.WARM))

    config = SimulatorConfig(patience=(600.0, 600.0), presence_every=0.1,
                             transfer_delay=(0.1, 0.2), transfer_poll=0.2)
    stats = await run_simulator(backend, rate_per_minute=600, duration=1.5, seed=8,
                                config=config, protect=["tester"])

    assert stats.errors == 0
    assert stats.arrived > 0
    stored = {c.id for c in await backend.calls.list_calls(limit=1000)}
    assert set(stats.call_ids) <= stored
    assert len(stored) == stats.arrived + 1
    assert stats.presence_changes > 0
    answered = (await backend.transfers.list_transfers(call_id=offered.call_id))[0]
    assert answered.status in (TransferStatus.ACCEPTED, TransferStatus.DECLINED)
    assert stats.transfers_answered == 1
