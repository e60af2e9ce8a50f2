"""The scripts domain's records: the answers a contact gave along a call's script, stored
with the call (and its campaign, contact and customer), whether the script was finished or
where the operator left it. The script files themselves are backends/scripts/definition.py.
See docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from backends.checks import utcnow
from backends.model_base import Model

MAX_ANSWERS = 200  # answers one call's script holds (a script has at most 200 steps)


class GivenAnswer(Model):
    step: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    value: str = Field(max_length=500)


class ScriptAnswersDraft(Model):
    call_id: int = Field(ge=1)
    operator: str = Field(min_length=1, max_length=40)
    script: str = Field(min_length=1, max_length=60, description="the script's id")
    campaign_id: int | None = Field(default=None, ge=1)
    contact_id: int | None = Field(default=None, ge=1)
    customer_id: int | None = Field(default=None, ge=1)
    language: str = Field(default="en", pattern=r"^[a-z]{2}$")
    answers: list[GivenAnswer] = Field(default_factory=list, max_length=MAX_ANSWERS)
    completed: bool = False  # the script's last step was passed
    left_at: str | None = Field(default=None, max_length=40,
                                description="the step where the operator left the script")


class ScriptAnswers(ScriptAnswersDraft):
    id: int
    recorded_at: datetime = Field(default_factory=utcnow)


class ScriptLinkDraft(Model):
    """Campaign `campaign_id` is worked with script `script_id` (a script file's `id`): kept by
    the campaign's id, so renaming the campaign keeps its script."""

    campaign_id: int = Field(ge=1)
    script_id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")
    by: str = Field(min_length=1, max_length=40)


class ScriptLink(ScriptLinkDraft):
    linked_at: datetime = Field(default_factory=utcnow)
