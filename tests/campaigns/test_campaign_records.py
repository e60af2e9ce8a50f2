"""The campaigns' and surveys' records (backends/record.py): built and read without pydantic,
they keep the checks and the JSON the pydantic models had."""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from backends.campaigns.inputs import CampaignDraft
from backends.campaigns.models import Campaign, Outcome
from backends.errors import Invalid
from backends.surveys.models import SurveyAnswer

OUTCOMES = [Outcome(code="sale", label="Sale", contact=True, conversion=True, final=True),
            Outcome(code="busy", label="Busy", retry_minutes=10, max_attempts=5)]


def test_a_stored_campaign_is_read_and_written_as_its_draft() -> None:
    draft = CampaignDraft(name="Winter", outcomes=OUTCOMES, hours_start=time(8, 30),
                          weekdays=[4, 0, 0], starts_on=date(2026, 12, 1),
                          ends_on=date(2026, 12, 24))
    body = json.loads(json.dumps(draft.model_dump(mode="json")))  # as the stores keep it
    campaign = Campaign.model_validate({**body, "id": 7, "created_at": "2026-12-01T09:00:00Z"})
    assert (campaign.hours_start, campaign.starts_on, campaign.weekdays) == (
        time(8, 30), date(2026, 12, 1), [0, 4])
    assert campaign.outcomes == OUTCOMES
    dumped = campaign.model_dump(mode="json", exclude={"id", "created_at"})
    assert json.dumps(dumped) == json.dumps(body)  # same keys, order and text


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"hours_start": time(20), "hours_end": time(9)}, None, "end after they start"),
    ({"starts_on": date(2026, 12, 2), "ends_on": date(2026, 12, 1)}, None, "end on or after"),
    ({"outcomes": [OUTCOMES[0], OUTCOMES[0]]}, None, "must be unique"),
    ({"weekdays": [7]}, "weekdays", "0 (Monday) to 6 (Sunday)"),
    ({"hours_start": "nine"}, "hours_start", "time of day"),
    ({"outcomes": [{"code": "Sale", "label": "Sale"}]}, "outcomes.0.code", "lower-case"),
])
def test_a_campaign_record_keeps_the_draft_s_checks(changes: dict[str, object],
                                                    field: str | None, says: str) -> None:
    with pytest.raises(Invalid) as caught:
        Campaign.model_validate({"id": 1, "name": "x", "outcomes": OUTCOMES, **changes})
    assert caught.value.field == field
    assert says in caught.value.reason


def test_survey_answer_record_needs_an_answer() -> None:
    with pytest.raises(Invalid) as caught:
        SurveyAnswer(id=1, operator="anna")
    assert "at least one answer" in caught.value.message
    assert SurveyAnswer(id=1, operator="anna", solved=False).solved is False
