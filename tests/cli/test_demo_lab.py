"""`centralino demo --as trainer|trainee`: the two roles are registered (one line each in
console/demo_roles.py), the ready-made demo class is made once on a real SQLite file, and the
simulated trainees of the trainer's demo play every scenario of the sequence through."""

from __future__ import annotations

from pathlib import Path

from backends.domain_registry import load
from backends.models import Role
from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from backends.training.models import AssignmentState, SessionState
from backends.training.results import assess
from console import demo_lab, demo_roles
from console.lab_trainees import play_trainee
from tests.ui_lab.harness import library


def test_the_lab_roles_are_registered() -> None:
    roles = demo_roles.roles()
    assert roles["trainer"].operator == "trainer" and roles["trainee"].operator == "trainee"
    assert callable(load(roles["trainer"].launch)) and callable(load(roles["trainee"].launch))


async def test_the_demo_class_is_made_once(tmp_path: Path) -> None:
    async with SqliteBackend(tmp_path / "demo.db") as store:
        first = await demo_lab.demo_class(store)
        lab = store.domain(TRAINING)
        await lab.stop_session(first)
        assert await demo_lab.demo_class(store) == first  # found again, and resumed
        assert (await lab.get_session(first)).state is SessionState.RUNNING
        assert (await store.people.get_operator("trainer")).role is Role.TRAINER
        assert len(await lab.list_assignments(first, "trainee")) == len(demo_lab.SEQUENCE)


async def test_a_careful_simulated_trainee_plays_the_sequence_through(tmp_path: Path) -> None:
    lib = library()
    async with SqliteBackend(tmp_path / "demo.db") as store:
        session = await demo_lab.demo_class(store)
        played = await play_trainee(store, lib, "ada", pause=(0.0, 0.0), careless=0.0, seed=3)
        assert played == len(demo_lab.SEQUENCE)
        done = await store.domain(TRAINING).list_assignments(session, "ada")
        assert all(a.state is AssignmentState.DONE for a in done)
        for assignment in done:
            result = assess(lib, assignment).result
            assert result.critical_failures == [], assignment.scenario
            assert result.score is not None and result.score >= 0.6, assignment.scenario
