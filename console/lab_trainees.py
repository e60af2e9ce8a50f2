"""Simulated trainees for the lab's demo and benchmark: each plays its assigned scenarios
through the training interface, one action every few seconds, now and then a mistake
(docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

import asyncio
import random

from backends.errors import BackendError
from backends.protocol import Backend
from backends.training.api import TRAINING
from backends.training.catalog import Library
from backends.training.models import AssignmentState
from backends.training.play import TraineeAction, replay
from backends.training.scenarios import Action, Scenario

MISTAKES = (Action.WRONG_QUESTION, Action.ACCOUNT_DETAILS)


def right_value(scenario: Scenario, kind: Action) -> str | None:
    expect = scenario.expect
    return {
        Action.IDENTIFY: expect.customer, Action.INFO: expect.info,
        Action.TICKET: f"{expect.category}:{expect.priority}" if expect.category else None,
        Action.ESCALATE: expect.escalate, Action.TRANSFER: expect.transfer,
        Action.MESSAGE: expect.message_for, Action.OUTCOME: expect.outcome,
    }.get(kind)


def next_action(scenario: Scenario, actions: list[TraineeAction], rng: random.Random,
                careless: float) -> TraineeAction | None:
    """What a trainee does next: mostly what moves the call on, sometimes a mistake; at the
    end the outcome; None when there is nothing left to do."""
    played = replay(scenario, actions)
    step = scenario.step(played.step)
    script = scenario.expect.script
    done = sum(1 for a in actions if a.kind is Action.SCRIPT)
    last = actions[-1].kind if actions else None
    if done < len(script) and (last is not Action.SCRIPT or played.final):
        return TraineeAction(kind=Action.SCRIPT, value=script[done])  # the script, in order
    if played.final:
        if not any(a.kind is Action.OUTCOME for a in actions):
            return TraineeAction(kind=Action.OUTCOME,
                                 value=right_value(scenario, Action.OUTCOME))
        return None
    if rng.random() < careless:
        return TraineeAction(kind=rng.choice(MISTAKES))
    kind = rng.choice(sorted(step.next))
    value = right_value(scenario, kind)
    if kind is Action.SCRIPT:
        value = script[min(done, len(script) - 1)] if script else None
    return TraineeAction(kind=kind, value=value)


async def play_trainee(backend: Backend, library: Library, trainee: str, *,
                       pause: tuple[float, float] = (2.0, 5.0), careless: float = 0.1,
                       seed: int | None = None, forever: bool = False) -> int:
    """Play every pending scenario of `trainee`; the number played."""
    lab, rng, played = backend.domain(TRAINING), random.Random(seed), 0
    while True:
        try:
            mine = await lab.list_assignments(trainee=trainee)
            todo = next((a for a in mine if a.state is not AssignmentState.DONE
                         and a.scenario in library.scenarios), None)
            if todo is None:
                if not forever:
                    return played
                await asyncio.sleep(pause[1])
                continue
            if todo.state is AssignmentState.PENDING:
                todo = await lab.begin(todo.id, trainee)
            scenario = library.scenarios[todo.scenario]
            loop = asyncio.get_running_loop()
            started = loop.time()
            for _turn in range(100):
                action = next_action(scenario, todo.actions, rng, careless)
                if action is None:
                    break
                await asyncio.sleep(rng.uniform(*pause))
                action.at = round(loop.time() - started, 1)
                todo = await lab.record(todo.id, trainee, action)
            await lab.finish(todo.id, trainee)
            played += 1
        except BackendError:
            await asyncio.sleep(pause[1])  # the session is stopped, the store busy: later
