"""Stored times read back as written, whatever the year (glibc's strftime wrote year 137 as
'137', which fromisoformat refused: a 500 on POST /v1/tickets found by the OpenAPI fuzzer)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from backends.sqlite.rows import from_ts, to_ts


@pytest.mark.parametrize("moment", [
    datetime(137, 1, 1, tzinfo=UTC),
    datetime(9, 3, 4, 5, 6, 7, 8, tzinfo=UTC),
    datetime(2026, 12, 6, 7, 1, 2, 345, tzinfo=timezone(timedelta(hours=2))),
    datetime(2026, 1, 1),  # naive: taken as UTC
])
def test_times_round_trip_and_sort_as_text(moment: datetime) -> None:
    text = to_ts(moment)
    assert text is not None and len(text) == len("2026-01-01T00:00:00.000000Z")
    expected = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    assert from_ts(text) == expected
    assert (text < to_ts(datetime(2027, 1, 1, tzinfo=UTC))) is True
