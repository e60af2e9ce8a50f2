"""What the customer's 360 view shows of callbacks and satisfaction: their open callbacks (due
time, who has it, why) and their last survey scores (docs/ARCHITECTURE.md, "screens/").
Backends without these domains show nothing."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import TYPE_CHECKING

from textual.content import Content

from backends.callbacks.api import CALLBACKS, Callbacks
from backends.errors import Unavailable
from backends.i18n import _
from backends.surveys.api import SURVEYS, Surveys
from screens.common import render

if TYPE_CHECKING:  # the models load when a customer with follow-up is first shown
    from backends.callbacks.models import Callback
    from backends.protocol import Backend
    from backends.surveys.models import SurveyAnswer

SHOWN = 3


@dataclass
class FollowUp:
    callbacks: list[Callback] = field(default_factory=list)
    answers: list[SurveyAnswer] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUpSource:
    callbacks: Callbacks | None
    surveys: Surveys | None

    @classmethod
    def of(cls, backend: Backend) -> FollowUpSource:
        callbacks: Callbacks | None = None
        surveys: Surveys | None = None
        with suppress(Unavailable):
            callbacks = backend.domain(CALLBACKS)
        with suppress(Unavailable):
            surveys = backend.domain(SURVEYS)
        return cls(callbacks, surveys)

    async def load(self, customer_id: int) -> FollowUp:
        from backends.callbacks.models import CallbackState

        follow = FollowUp()
        if self.callbacks is not None:
            follow.callbacks = await self.callbacks.list_callbacks(
                customer_id=customer_id, states=[CallbackState.OPEN, CallbackState.DIALLING],
                limit=SHOWN)
        if self.surveys is not None:
            follow.answers = await self.surveys.list_answers(customer_id=customer_id,
                                                             limit=SHOWN)
        return follow


def draw(follow: FollowUp, zone: tzinfo) -> Content:
    from backends.callbacks.models import CallbackScope
    from backends.callbacks.when import local_label

    parts: list[Content | tuple[str, str] | str] = [
        (_("Open callbacks ({count})").format(count=len(follow.callbacks)), "bold underline")]
    for callback in follow.callbacks:
        who = callback.owner if callback.scope is CallbackScope.PERSONAL else _("anyone")
        parts += ["\n", local_label(callback.due_at, zone), "  ",
                  render.content(who, "dim", 20), "  ",
                  render.content(callback.reason, max_length=60)]
    parts += ["\n", (_("Last scores"), "bold underline")]
    for answer in follow.answers:
        scores = []
        if answer.csat is not None:
            scores.append(f"CSAT {answer.csat}")
        if answer.nps is not None:
            scores.append(f"NPS {answer.nps}")
        if answer.solved is not None:
            scores.append(_("solved") if answer.solved else _("not solved"))
        parts += ["\n", render.local_time(answer.answered_at), "  ", " · ".join(scores)]
        if answer.comment:
            parts += ["  ", render.content(answer.comment, "italic", 60)]
    if not follow.answers:
        parts += ["\n", (_("none"), "dim")]
    return Content.assemble(*parts)
