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


NUMBER_SPEC = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*:[^{}]*[,%fFgGeE][^{}]*\}")  # {m:02d} is fine


def test_no_message_formats_a_number_the_english_way() -> None:
    """`{n:,}`, `{s:.1f}`, `{p:.0%}`, `{r:g}` inside a message write 12,345.5 and 3.1% in every
    language: numbers go through i18n.number / i18n.percent (Babel) instead."""
    from tests.i18n import catalog_tool

    catalog = catalog_tool.load().extract_catalog()
    found = sorted({msgid for message in catalog
                    for msgid in (message.id if isinstance(message.id, tuple) else (message.id,))
                    if msgid and NUMBER_SPEC.search(msgid)})
    assert found == []


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "abandoned 1,234 of 40,000 live calls in 24 h: 3.1% (limit 3%)"),
    ("hu", "1\xa0234 elhagyott hívás 40\xa0000 élő hívásból 24 óra alatt: 3,1% (határ: 3%)"),
    ("ro", "abandonate 1.234 din 40.000 apeluri conectate în 24 h: 3,1\xa0% (limită 3\xa0%)"),
])
def test_the_cli_s_pacing_line_in_each_language(lang: str, line: str) -> None:
    from backends.campaigns.models import Progress
    from console.cli_campaign import pacing_line
    from console.language import activate_language

    activate_language(lang)
    progress = Progress(campaign_id=1, contacts=0, left=0, attempted=0, reached=0,
                        converted=0, by_outcome={}, live_24h=40000, abandoned_24h=1234,
                        abandon_share=0.0309)
    assert pacing_line(progress) == line


@pytest.mark.parametrize("lang", ["en", "it", "hu", "ro"])
def test_small_counts_read_as_babel_writes_them(lang: str) -> None:
    """`number` writes 0–999 without Babel (its locale data is about 5 MB a trainee's console
    need not load for "step 2 of 5"): exactly as Babel would in each shipped language."""
    from babel.numbers import format_decimal

    i18n.activate(lang, None)
    for value in range(1000):
        assert i18n.number(value) == format_decimal(value, format="#,##0", locale=lang)


def test_a_small_count_loads_no_locale_data() -> None:
    import subprocess
    import sys

    probe = ("import sys; from backends import i18n; i18n.activate('hu', None); "
             "assert i18n.number(5) == '5' and i18n.number(999) == '999'; "
             "print('babel.numbers' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "False"
