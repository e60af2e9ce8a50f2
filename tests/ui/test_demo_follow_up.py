"""The demo database has callers who asked to be called back and who answered the survey:
the demo operator has callbacks due (their own and one for anyone), the report has answers,
and complaints and suggestions are there to search. A real SQLite demo file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from backends.callbacks.api import CALLBACKS
from backends.callbacks.models import CallbackScope
from backends.surveys.api import SURVEYS
from backends.surveys.models import FeedbackKind, ReportQuery
from console import paths
from console.cli_run import DEMO_OPERATOR, _seed
from console.settings import load_settings
from tests.ui.helpers import sqlite_backend


async def test_the_demo_has_callbacks_and_survey_answers() -> None:
    path = paths.demo_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    await _seed(path, 300, load_settings(backend=str(path), operator=DEMO_OPERATOR))
    backend = sqlite_backend(path)
    await backend.open()
    try:
        due = await backend.domain(CALLBACKS).list_due(DEMO_OPERATOR)
        assert len(due) == 3
        assert {c.scope for c in due} == {CallbackScope.PERSONAL, CallbackScope.ANYONE}
        assert all(c.customer_id is not None and c.reason for c in due)
        now = datetime.now(UTC)
        report = await backend.domain(SURVEYS).feedback_report(ReportQuery(
            since=now - timedelta(days=1), until=now + timedelta(hours=1)))
        assert report.responses > 10 and report.csat is not None and report.nps is not None
        complaints = await backend.domain(SURVEYS).list_feedback(kind=FeedbackKind.COMPLAINT)
        assert len(complaints) == 2
        assert [f.topic for f in await backend.domain(SURVEYS).list_feedback(
            text="saturday")] == ["opening hours"]
    finally:
        await backend.close()


async def test_the_demo_s_callback_reasons_are_in_its_language(tmp_path: Path) -> None:
    """Issue 16 item 7: what the demo operator typed as a callback's reason is in the demo's
    language ("confirm the technician's visit" stood in a Romanian queue)."""
    from backends import i18n
    from console.demo_follow_up import REASONS, seed_follow_up
    from console.language import activate_language

    path = tmp_path / "demo.db"
    await _seed(path, 200, load_settings(backend=str(path), operator=DEMO_OPERATOR))
    backend = sqlite_backend(path)
    await backend.open()
    activate_language("ro")
    try:
        await backend.domain(CALLBACKS).list_callbacks()  # the demo's own, in English
        await seed_follow_up(backend, "ioana", seed=2)
        mine = await backend.domain(CALLBACKS).list_callbacks(owner="ioana")
        assert mine and all(c.reason not in REASONS for c in mine)
        assert {c.reason for c in mine} <= {i18n._(reason) for reason in REASONS}
    finally:
        i18n.activate("en", None)
        await backend.close()
