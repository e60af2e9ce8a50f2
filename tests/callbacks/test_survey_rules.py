"""The satisfaction definitions (backends/surveys/rules.py) on small hand-computed examples,
their edges (4 counts for CSAT, 6 is a detractor, 7–8 passive, 9 a promoter) and the empty
case (None, never 0)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backends.surveys import rules
from backends.surveys.models import Contact

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def test_csat_counts_4_and_5() -> None:
    assert rules.csat([1, 2, 3, 4, 5]) == (pytest.approx(2 / 5), 5)
    assert rules.csat([4, 4]) == (1.0, 2)
    assert rules.csat([]) == (None, 0)


def test_nps_is_promoters_minus_detractors_in_percent() -> None:
    assert rules.nps([9, 10, 7, 8, 6, 0]) == (pytest.approx(0.0), 6, 2, 2)
    assert rules.nps([10, 10, 10, 6]) == (pytest.approx(50.0), 4, 3, 1)
    assert rules.nps([7, 8]) == (0.0, 2, 0, 0)
    assert rules.nps([0]) == (-100.0, 1, 0, 1)
    assert rules.nps([]) == (None, 0, 0, 0)


def test_fcr_survey() -> None:
    assert rules.fcr_survey([True, False, True, True]) == (0.75, 4)
    assert rules.fcr_survey([]) == (None, 0)


def contact(call_id: int, customer: int, days: float, queue: str = "sales",
            tickets: list[int] | None = None) -> Contact:
    return Contact(call_id=call_id, customer_id=customer, queue=queue,
                   arrived_at=T0 + timedelta(days=days), ticket_ids=tickets or [])


def test_fcr_measured_seven_days_same_subject() -> None:
    calls = [contact(1, 1, 0), contact(2, 2, 0), contact(3, 3, 0, tickets=[9])]
    later = [*calls,
             contact(4, 1, 7),  # exactly 7 days later: inside
             contact(5, 2, 7.01),  # just after: outside
             contact(6, 3, 1, queue="support", tickets=[9])]  # same ticket, other queue
    assert rules.fcr_measured(calls, later) == (pytest.approx(1 / 3), 3)
    assert rules.fcr_measured([], later) == (None, 0)
