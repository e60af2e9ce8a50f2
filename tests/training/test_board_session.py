"""Which session the instructor's board opens when none is named (`lab board`, and the lab in
a browser for an instructor): the newest running one, else the newest; none without any."""

from __future__ import annotations

from datetime import UTC, datetime

from backends.training.models import LabSession, SessionState
from backends.training.rules import board_session


def session(number: int, state: SessionState) -> LabSession:
    return LabSession(id=number, name=f"class {number}", trainees=["ada"], state=state,
                      created_at=datetime(2026, 12, 7, tzinfo=UTC))


def test_the_newest_running_session_first() -> None:
    found = [session(3, SessionState.STOPPED), session(1, SessionState.RUNNING),
             session(2, SessionState.RUNNING), session(4, SessionState.PLANNED)]
    chosen = board_session(found)
    assert chosen is not None and chosen.id == 2


def test_else_the_newest_and_none_without_any() -> None:
    chosen = board_session([session(1, SessionState.STOPPED), session(5, SessionState.PLANNED)])
    assert chosen is not None and chosen.id == 5
    assert board_session([]) is None
