"""Opening hours, public holidays and presence refusals as rules (backends/people/hours.py,
steps.py) at fixed moments: the transfers service runs these on every store (the conformance
tests run them at the real time)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backends.people.hours import closed_reason, parse_hours
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence
from backends.people.steps import not_taking_calls

MONDAY_10_ROME = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Rome
MONDAY_1330_ROME = datetime(2026, 3, 2, 12, 30, tzinfo=UTC)
SUNDAY = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CHRISTMAS = datetime(2026, 12, 25, 9, 0, tzinfo=UTC)  # a Friday
HOURS = "mon-fri 09:00-13:00 14:00-18:00; sat 09:00-12:00"


@pytest.mark.parametrize(("now", "open_"), [
    (MONDAY_10_ROME, True), (MONDAY_1330_ROME, False), (SUNDAY, False), (CHRISTMAS, False)])
def test_hours_and_holidays_in_the_entrys_zone(now: datetime, open_: bool) -> None:
    assert (closed_reason(HOURS, "IT", "Europe/Rome", now) is None) is open_


def test_a_holiday_is_named_and_utc_is_the_default_zone() -> None:
    assert "Christmas" in (closed_reason("", "IT", None, CHRISTMAS) or "")
    # 09:00 UTC is inside 09:00-10:00 in UTC but not in Rome (10:00)
    assert closed_reason("mon 09:00-10:00", None, None, MONDAY_10_ROME) is None
    assert closed_reason("mon 09:00-10:00", None, "Europe/Rome", MONDAY_10_ROME) is not None


@pytest.mark.parametrize(("text", "named"), [
    ("mon-fri", "mon-fri"), ("mon-fri 9-18", "9-18"), ("xyz 09:00-10:00", "xyz"),
    ("mon 18:00-09:00", "18:00-09:00"), ("mon 25:00-26:00", "25:00")])
def test_bad_hours_name_what_is_wrong(text: str, named: str) -> None:
    with pytest.raises(ValueError) as bad:
        parse_hours(text)
    assert named in str(bad.value)


def test_away_and_dnd_refuse_with_note_and_return_time() -> None:
    back = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    bruno = Operator(name="bruno", presence=Presence.AWAY, pause_reason="dentist",
                     back_at=back)
    reason = not_taking_calls("bruno", bruno, MONDAY_10_ROME) or ""
    assert "bruno is away (dentist)" in reason and "14:00" in reason
    assert not_taking_calls("bruno", bruno.model_copy(update={"presence": Presence.ON_CALL}),
                            MONDAY_10_ROME) is None
    laura = DirectoryEntry(name="Laura", presence=Presence.DND, presence_note="meeting")
    assert "meeting" in (not_taking_calls("Laura", laura, MONDAY_10_ROME) or "")
    sales = DirectoryEntry(name="Sales", kind=DirectoryKind.DEPARTMENT, hours=HOURS,
                           holidays="IT", timezone="Europe/Rome")
    assert not_taking_calls("Sales", sales, MONDAY_10_ROME) is None
    assert "Sales is closed" in (not_taking_calls("Sales", sales, CHRISTMAS) or "")
    # a person's own working hours and holidays are checked as a department's, in a
    # person's words
    person = DirectoryEntry(name="Ana", hours="sun 00:00-00:01")
    assert "Ana is not at work now (working hours: sun 00:00-00:01)" in (
        not_taking_calls("Ana", person, MONDAY_10_ROME) or "")
    at_work = DirectoryEntry(name="Ana", hours=HOURS, holidays="IT", timezone="Europe/Rome")
    assert not_taking_calls("Ana", at_work, MONDAY_10_ROME) is None
    assert "Ana is off for a public holiday (Christmas" in (
        not_taking_calls("Ana", at_work, CHRISTMAS) or "")
