"""What records a call's script answers and what links a campaign to its script (pydantic
input models, imported when one is recorded, not at start-up). The records are in
backends/scripts/models.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model
from backends.scripts.models import MAX_ANSWERS, GivenAnswer


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


class ScriptLinkDraft(Model):
    """Campaign `campaign_id` is worked with script `script_id` (a script file's `id`): kept by
    the campaign's id, so renaming the campaign keeps its script."""

    campaign_id: int = Field(ge=1)
    script_id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")
    by: str = Field(min_length=1, max_length=40)
