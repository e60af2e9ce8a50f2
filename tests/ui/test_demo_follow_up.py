"""The demo database has callers who asked to be called back and who answered the survey:
the demo operator has callbacks due (their own and one for anyone), the report has answers,
and complaints and suggestions are there to search. A real SQLite demo file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
