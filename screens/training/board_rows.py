"""What the instructor's board shows of each trainee: the assignment in hand (the active one,
else the last done, else the next pending), its step, time, running score and critical
failures (docs/ARCHITECTURE.md, "screens/"). Pure, so the board and its tests share it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backends.training.catalog import Library
from backends.training.models import Assignment, AssignmentState, Evaluation
from backends.training.results import Assessment, assess


@dataclass(frozen=True)
class BoardRow:
    trainee: str
    assignment: Assignment | None
    assessment: Assessment | None
    done: int  # scenarios finished
    total: int  # scenarios assigned

    def elapsed(self, now: datetime) -> float:
        a = self.assignment
        if a is None or a.started_at is None:
            return 0.0
        end = a.finished_at or now
        return max(0.0, (end - a.started_at).total_seconds())


def in_hand(assignments: list[Assignment]) -> Assignment | None:
    for state in (AssignmentState.ACTIVE,):
        for a in assignments:
            if a.state is state:
                return a
    done = [a for a in assignments if a.state is AssignmentState.DONE]
    if done:
        return max(done, key=lambda a: (a.finished_at is not None, a.finished_at, a.id))
    return next((a for a in assignments if a.state is AssignmentState.PENDING), None)


def board_rows(library: Library, trainees: list[str], assignments: list[Assignment],
               evaluations: dict[int, list[Evaluation]]) -> list[BoardRow]:
    rows = []
    for trainee in trainees:
        mine = [a for a in assignments if a.trainee == trainee
                and a.scenario in library.scenarios]
        current = in_hand(mine)
        assessment = None
        if current is not None and current.state is not AssignmentState.PENDING:
            assessment = assess(library, current, evaluations.get(current.id, []))
        rows.append(BoardRow(trainee, current, assessment,
                             sum(1 for a in mine if a.state is AssignmentState.DONE),
                             len(mine)))
    return rows
