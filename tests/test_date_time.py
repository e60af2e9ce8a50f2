"""Issue 15 item 9: one date-time format everywhere, in the operator's language: the 360 view's
calls, the ticket's entries and the draft recovery list all show a moment the same way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from backends import i18n
from screens.common import render
from screens.tickets import ticket_view

MOMENT = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    i18n.activate("en", None)


@pytest.mark.parametrize(("lang", "shape"), [
    ("en", r"02/03/2026 \d\d:\d\d"), ("it", r"02/03/2026 \d\d:\d\d"),
    ("hu", r"2026\.03\.02\. \d\d:\d\d"), ("ro", r"02\.03\.2026 \d\d:\d\d"),
])
def test_one_format_in_the_operator_s_language(language: None, lang: str, shape: str) -> None:
    i18n.activate(lang, None)
    shown = i18n.date_time(MOMENT)
    assert re.fullmatch(shape, shown), shown
    # every screen that shows a moment shows it so
    assert render.local_time(MOMENT) == shown
    assert ticket_view.format_time(MOMENT) == shown
    assert render.local_time(MOMENT.replace(tzinfo=None)) == shown  # stored naive = UTC


def test_the_draft_list_uses_it_too(language: None) -> None:
    from screens.tickets.draft_recovery import draft_summary
    from screens.tickets.drafts import Draft

    i18n.activate("hu", None)
    draft = Draft(operator="anna", call_id=7, fields={"subject": "x"}, note="",
                  saved_at=MOMENT)
    assert i18n.date_time(MOMENT) in draft_summary(draft).plain
