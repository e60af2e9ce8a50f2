"""The scripts domain's records: the answers a contact gave along a call's script, stored
with the call (and its campaign, contact and customer), whether the script was finished or
where the operator left it, and a campaign's script (records, backends/record.py; what records
them is in inputs.py). The script files themselves are backends/scripts/definition.py. See
docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from typing import Annotated

from annotated_types import Ge, MaxLen, MinLen

from backends.checks import utcnow
from backends.record import Pattern, Record

MAX_ANSWERS = 200  # answers one call's script holds (a script has at most 200 steps)


@dataclass(kw_only=True)
class GivenAnswer(Record):
    step: Annotated[str, MinLen(1), MaxLen(40), Pattern(r"^[a-z0-9_]+$")]
    value: Annotated[str, MaxLen(500)]


@dataclass(kw_only=True)
class ScriptAnswers(Record):
    call_id: Annotated[int, Ge(1)]
    operator: Annotated[str, MinLen(1), MaxLen(40)]
    script: Annotated[str, MinLen(1), MaxLen(60)]  # the script's id
    campaign_id: Annotated[int, Ge(1)] | None = None
    contact_id: Annotated[int, Ge(1)] | None = None
    customer_id: Annotated[int, Ge(1)] | None = None
    language: Annotated[str, Pattern(r"^[a-z]{2}$")] = "en"
    answers: Annotated[list[GivenAnswer], MaxLen(MAX_ANSWERS)] = field(default_factory=list)
    completed: bool = False  # the script's last step was passed
    left_at: Annotated[str, MaxLen(40)] | None = None  # where the operator left the script
    id: int
    recorded_at: datetime = field(default_factory=utcnow)


@dataclass(kw_only=True)
class ScriptLink(Record):
    """Campaign `campaign_id` is worked with script `script_id` (a script file's `id`): kept by
    the campaign's id, so renaming the campaign keeps its script."""

    campaign_id: Annotated[int, Ge(1)]
    script_id: Annotated[str, MinLen(1), MaxLen(60), Pattern(r"^[a-z0-9-]+$")]
    by: Annotated[str, MinLen(1), MaxLen(40)]
    linked_at: datetime = field(default_factory=utcnow)
