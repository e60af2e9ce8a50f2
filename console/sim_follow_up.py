"""Simulated callers' follow-up (issue 18, item 7): a caller tired of waiting may ask to be
called back instead of just hanging up (the call leaves the queue taken as a callback: an
"anyone" callback of its queue, due at once), and a caller whose call was finished may answer
the satisfaction survey afterwards (CSAT, NPS, solved, a comment; now and then a complaint or
a suggestion). Through the callbacks and surveys domains only; a store without them gets
neither. Seeded like the rest of the simulator."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from backends.callbacks.api import CALLBACKS, Callbacks
from backends.calls.models import Call, CallState, Channel
from backends.errors import BackendError, Unavailable
from backends.i18n import _
from backends.people.models import Role
from backends.surveys.api import SURVEYS, Surveys
from console.sim_settings import SimulationHost

COMMENTS = ("", "", "very kind, thank you", "took too long to get through",
            "problem solved in one call", "still waiting for the technician", "molto gentile",
            "nagyon segítőkész", "foarte amabil")
FEEDBACK = (("complaint", "waiting time", "Too long in the queue before anybody answered"),
            ("complaint", "billing", "The invoice still shows the old tariff"),
            ("suggestion", "opening hours", "Please answer on Saturday mornings too"),
            ("suggestion", "app", "Let me follow my ticket in the app"))
SURVEYED_MEMORY = 5000  # call ids remembered as surveyed (or passed over)


class FollowUpSimulator:
    def __init__(self, sim: SimulationHost, rng: random.Random) -> None:
        self.sim = sim
        self.rng = rng
        self.callbacks = _callbacks(sim)
        self.surveys = _surveys(sim)
        self._seen: set[int] = set()  # finished calls already surveyed or passed over

    async def _owner(self) -> str | None:
        """Who a caller's own request is booked by: the first operator login (a callback
        needs an operator as its owner; "anyone" offers it to all)."""
        try:
            people = await self.sim.backend.people.list_operators()
        except BackendError as exc:
            self.sim.failed(_("reading the operators"), exc)
            return None
        names = sorted(p.name for p in people if p.role is Role.OPERATOR) or sorted(
            p.name for p in people)
        return names[0] if names else None

    async def asked_back(self, call: Call) -> bool:
        """After a caller hung up: now and then they asked to be called back. True when a
        callback was booked."""
        from backends.callbacks.inputs import CallbackDraft
        from backends.callbacks.models import CallbackScope

        share = self.sim.config.callback_share
        if (self.callbacks is None or call.channel is not Channel.VOICE
                or not call.caller.startswith("+") or self.rng.random() >= share):
            return False
        owner = await self._owner()
        if owner is None:
            return False
        try:
            booked = await self.callbacks.book_callback(CallbackDraft(
                number=call.caller, reason=_("asked to be called back: waited too long"),
                customer_id=call.customer_id, call_id=call.id, due_at=datetime.now(UTC),
                scope=CallbackScope.ANYONE, owner=owner, queue=call.queue))
        except BackendError as exc:
            self.sim.failed(_("callback for call {id}").format(id=call.id), exc)
            return False
        self.sim.stats.callbacks_asked += 1
        self.sim.emit("callback", _("#{id} asked to be called back (callback {cb})").format(
            id=call.id, cb=booked.id))
        return True

    async def survey_loop(self) -> None:
        if self.surveys is None or self.sim.config.survey_share <= 0:
            return
        while not await self.sim.pause(self.sim.config.survey_poll):
            ours = set(self.sim.stats.call_ids[-SURVEYED_MEMORY:])
            try:
                done = await self.sim.backend.calls.list_calls(states=[CallState.DONE],
                                                               limit=200)
            except BackendError as exc:
                self.sim.failed(_("reading finished calls"), exc)
                continue
            for call in sorted(done, key=lambda c: c.id):
                if call.id in ours and call.id not in self._seen and not self.sim.halted:
                    self._seen.add(call.id)
                    if self.rng.random() < self.sim.config.survey_share:
                        await self.answer(call)
            if len(self._seen) > SURVEYED_MEMORY:
                self._seen = set(sorted(self._seen)[-SURVEYED_MEMORY:])

    async def answer(self, call: Call) -> bool:
        """The caller of a finished call answers the survey (sometimes with feedback)."""
        from backends.surveys.inputs import FeedbackDraft, SurveyAnswerDraft
        from backends.surveys.models import FeedbackKind

        assert self.surveys is not None
        rng = self.rng
        happy = rng.random() < 0.7
        csat = rng.choice((4, 5, 5)) if happy else rng.choice((1, 2, 3))
        nps = rng.choice((8, 9, 10, 10)) if happy else rng.choice((2, 5, 6, 7))
        solved, comment = happy or rng.random() < 0.3, rng.choice(COMMENTS)
        try:
            survey = await self.surveys.survey_config(call.queue)
            asked = {q.value for q in survey.questions}
            if not survey.enabled or (not comment and asked == {"comment"}):
                return False  # no survey on this queue (or nothing to say to it)
            answer = await self.surveys.record_answer(SurveyAnswerDraft(
                call_id=call.id, operator=call.operator or "-", queue=call.queue,
                customer_id=call.customer_id, csat=csat if "csat" in asked else None,
                nps=nps if "nps" in asked else None,
                solved=solved if "solved" in asked else None,
                comment=comment if "comment" in asked else ""))
            if rng.random() < 0.2:
                kind, topic, text = rng.choice(FEEDBACK)
                await self.surveys.add_feedback(FeedbackDraft(
                    kind=FeedbackKind(kind), topic=topic, text=text,
                    customer_id=call.customer_id, call_id=call.id, survey_id=answer.id,
                    operator=call.operator or "-", queue=call.queue))
        except BackendError as exc:
            self.sim.failed(_("survey of call {id}").format(id=call.id), exc)
            return False
        self.sim.stats.surveys_answered += 1
        self.sim.emit("survey", _("#{id} answered the survey: CSAT {csat}, NPS {nps}").format(
            id=call.id, csat=answer.csat, nps=answer.nps))
        return True


def _callbacks(sim: SimulationHost) -> Callbacks | None:
    try:
        return sim.backend.domain(CALLBACKS)
    except Unavailable:
        return None


def _surveys(sim: SimulationHost) -> Surveys | None:
    try:
        return sim.backend.domain(SURVEYS)
    except Unavailable:
        return None
