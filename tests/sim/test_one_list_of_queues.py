"""Issue 15 item 6: one list of queues (data/queues.json) behind the demo directory, the demo's
call history and the simulator's callers; every queue serves a department of the directory."""

from __future__ import annotations

from console.demo_activity import call_rows
from console.demo_data import directory_rows
from console.demo_people import CustomerFacts
from console.demo_pools import load_pools
from console.queues import display_names, load_queues, queue_ids
from console.sim_callers import CallerMix


def test_the_directory_the_demo_and_the_simulator_share_the_queues() -> None:
    ids = set(queue_ids())
    assert {"general", "sales", "billing", "support", "complaints"} <= ids
    assert "technical" not in ids
    pools = load_pools()
    rows = directory_rows(pools, seed=1)
    assert {row["name"] for row in rows if row["kind"] == "queue"} == ids
    departments = {row["name"] for row in rows if row["kind"] == "department"}
    assert {queue.department for queue in load_queues()} <= departments
    assert set(CallerMix().queues) == ids
    from datetime import UTC, datetime

    history = list(call_rows(pools, 1, 300, CustomerFacts(), 1,
                             datetime(2026, 3, 2, tzinfo=UTC), None))
    assert {row["queue"] for row in history} <= ids
    assert all(display_names()[queue] for queue in ids)
