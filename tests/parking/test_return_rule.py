"""The return rule of parking with the service's clock moved forward (time travel, no
sleeping), on a real SQLite file: a parked call stays parked until its time, then it waits in
the queue of whoever parked it and can no longer be picked up from the slot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backends.calls.models import CallState
from backends.errors import Invalid, NotFound
from backends.parking.models import ParkStatus
from backends.parking.rules import RETURN_SECONDS
from backends.parking.service import ParkingService
from backends.sqlite import SqliteBackend
from backends.sqlite.parking_storage import SqliteParkingStorage
from tests.conformance.helpers import active_call


async def test_the_call_returns_at_its_time_not_before(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "park.db")
    await backend.open()
    try:
        now = [datetime(2026, 12, 7, 10, 0, tzinfo=UTC)]
        parking = ParkingService(
            SqliteParkingStorage(backend._store), clock=lambda: now[0])  # its own clock
        call = await active_call(backend, "rita")
        parked = await parking.park_call(call.id, "rita")
        assert parked.returns_at == now[0] + timedelta(seconds=RETURN_SECONDS)
        now[0] += timedelta(seconds=RETURN_SECONDS - 1)
        assert [p.id for p in await parking.list_parked()] == [parked.id]
        now[0] += timedelta(seconds=1)
        assert await parking.list_parked() == []
        assert (await parking.get_parked(parked.id)).status is ParkStatus.RETURNED
        back = await backend.calls.get_call(call.id)
        assert (back.state, back.queue) == (CallState.WAITING, "rita")
        with pytest.raises(NotFound):
            await parking.pick_up(1, "sofia")
        with pytest.raises(Invalid) as bad:
            await parking.park_call(call.id, "rita", slot=12)
        assert bad.value.field == "slot"
    finally:
        await backend.close()
