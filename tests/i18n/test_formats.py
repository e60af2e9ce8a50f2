"""Issue 16, item 4: dates with words, numbers and money in the operator's language (Babel);
the callbacks' times no longer carry English weekday and month names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backends import i18n

MOMENT = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)  # a Monday


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.activate("en", None)


@pytest.mark.parametrize(("lang", "day", "amount", "money"), [
    ("en", "Mon 2 Mar 16:30", "12,345.5", "€12.50"),
    ("it", "lun 2 mar 16:30", "12.345,5", "12,50\xa0€"),
    ("hu", "márc. 2., H 16:30", "12\xa0345,5", "12,50\xa0EUR"),
    ("ro", "lun., 2 mar. 16:30", "12.345,5", "12,50\xa0EUR"),
])
def test_formats_in_each_language(lang: str, day: str, amount: str, money: str) -> None:
    i18n.activate(lang, None)
    assert i18n.day_time(MOMENT) == day
    assert i18n.number(12345.5, 1) == amount
    assert i18n.money(12.5) == money


def test_no_screen_formats_a_moment_with_english_names() -> None:
    """%a / %b write English weekday and month names whatever the language."""
    screens = Path(__file__).resolve().parents[2] / "screens"
    found = [f"{path.name}: {line.strip()}" for path in screens.rglob("*.py")
             for line in path.read_text(encoding="utf-8").splitlines()
             if re.search(r"%[aAbB]", line)]
    assert found == []
