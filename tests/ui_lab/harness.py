"""A lab on a real SQLite file for the pilot tests: a running class of two trainees with
scenarios assigned, the library shipped in data/training, keys typed as a person would."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from backends.people.models import Operator
from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING
from backends.training.catalog import Library, load_library
from backends.training.inputs import SessionDraft

ROOT = Path(__file__).resolve().parents[2]


def library() -> Library:
    return load_library([ROOT / "data" / "training"])


async def running_class(db: Path, scenarios: list[str],
                        trainees: tuple[str, ...] = ("ada", "bruno")) -> int:
    async with SqliteBackend(db) as store:
        for trainee in trainees:  # as `lab create` makes them
            await store.people.upsert_operator(Operator(name=trainee, display_name=trainee))
        lab = store.domain(TRAINING)
        session = await lab.create_session(SessionDraft(name="Lab", trainees=list(trainees)))
        for trainee in trainees:
            await lab.assign(session.id, trainee, scenarios)
        await lab.start_session(session.id)
        return session.id


async def wait_for(pilot: Pilot[None], check: object, what: str,
                   rounds: int = 200) -> None:
    """Pause until `check()` is true (bounded: about 10 s)."""
    for _round in range(rounds):
        if check():  # type: ignore[operator]
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def type_text(pilot: Pilot[None], text: str) -> None:
    names = {" ": "space", "_": "underscore", "-": "minus"}
    await pilot.press(*[names.get(c, c) for c in text])
