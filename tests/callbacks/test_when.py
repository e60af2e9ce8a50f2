"""What an operator types for a callback's time (backends/callbacks/when.py): the forms in the
four languages, clear errors naming the field, and a property over any moment of the year."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backends.callbacks.when import parse_when, zone, zone_of_number
from backends.errors import Invalid

ROME = zone("Europe/Rome")
NOW = datetime(2026, 12, 7, 15, 20, tzinfo=ROME)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("+2h", datetime(2026, 12, 7, 17, 20)),
    ("+30m", datetime(2026, 12, 7, 15, 50)),
    ("+45", datetime(2026, 12, 7, 16, 5)),
    ("+1h30m", datetime(2026, 12, 7, 16, 50)),
    ("+1d", datetime(2026, 12, 8, 15, 20)),
    ("16:30", datetime(2026, 12, 7, 16, 30)),
    ("16.30", datetime(2026, 12, 7, 16, 30)),
    ("9", datetime(2026, 12, 8, 9, 0)),  # passed today: tomorrow
    ("tomorrow 10", datetime(2026, 12, 8, 10, 0)),
    ("Domani 10:15", datetime(2026, 12, 8, 10, 15)),
    ("holnap 9", datetime(2026, 12, 8, 9, 0)),
    ("mâine 14", datetime(2026, 12, 8, 14, 0)),
    ("maine 14", datetime(2026, 12, 8, 14, 0)),
    ("oggi 18", datetime(2026, 12, 7, 18, 0)),
    ("dopodomani 8", datetime(2026, 12, 9, 8, 0)),
    ("24/12 10", datetime(2026, 12, 24, 10, 0)),
    ("24.12. 10:30", datetime(2026, 12, 24, 10, 30)),
    ("1/2 9", datetime(2027, 2, 1, 9, 0)),  # passed this year: next year
    ("2027-01-04 08:45", datetime(2027, 1, 4, 8, 45)),
])
def test_forms(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected.replace(tzinfo=ROME)


@pytest.mark.parametrize(("text", "says"), [
    ("", "not a time"), ("soon", "not a time"), ("tomorrow", "say the hour"),
    ("25:00", "not a time of day"), ("10:75", "not a time of day"), ("+0", "between"),
    ("+400d", "between"), ("31/02 10", "not a date"), ("tomorrow 10 30", "not a time"),
    ("x" * 500, "not a time"),
])
def test_errors_name_the_field_and_say_why(text: str, says: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_when(text, NOW)
    assert caught.value.field == "when"
    assert says in caught.value.reason
    assert len(caught.value.reason) < 200


def test_unknown_zone_is_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        zone("Mars/Olympus")
    assert caught.value.field == "timezone"


def test_zone_of_a_number() -> None:
    assert str(zone_of_number("+3612345678")) == "Europe/Budapest"
    assert zone_of_number("+999") is None


@settings(max_examples=300, deadline=None)
@given(minute=st.integers(0, 365 * 24 * 60), hour=st.integers(0, 23), mins=st.integers(0, 59),
       name=st.sampled_from(["Europe/Rome", "Europe/Bucharest", "America/New_York", "UTC"]))
def test_a_clock_time_is_the_next_one_on_the_wall(minute: int, hour: int, mins: int,
                                                  name: str) -> None:
    """For any moment of 2026 in these zones: `HH:MM` is after now, within a day and an hour,
    and shows HH:MM on the wall clock unless that time was skipped by a DST change."""
    where = zone(name)
    now = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minute)).astimezone(where)
    at = parse_when(f"{hour}:{mins:02d}", now)
    assert now < at <= now + timedelta(hours=25)
    local = at.astimezone(where)
    skipped = local.replace(hour=hour, minute=mins, tzinfo=None) != local.replace(tzinfo=None)
    if skipped:
        assert local.astimezone(UTC) - at.astimezone(UTC) == timedelta(0)
        assert (local.hour, local.minute) != (hour, mins)
    else:
        assert (local.hour, local.minute) == (hour, mins)
