"""Demo follow-up: some demo callers asked to be called back and some answered the survey
after their call, so the callbacks pane, the 360 view and `centralino report feedback` have
something to show (docs/ARCHITECTURE.md, "console/"). Driven by its own seeded
`random.Random`; times are relative to the real clock (the stores book and answer at now)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackDraft
from backends.callbacks.models import CallbackScope
from backends.calls.models import Call, CallState
from backends.i18n import N_, _
from backends.people.models import Operator, Role
from backends.protocol import Backend
from backends.surveys.api import SURVEYS
from backends.surveys.inputs import FeedbackDraft, SurveyAnswerDraft
from backends.surveys.models import FeedbackKind

# what the operator typed as the reason: in the demo's language (translated when seeded)
REASONS = (N_("check the refund has arrived"), N_("confirm the technician's visit"),
           N_("new offer for the line"), N_("invoice corrected?"), N_("router replacement"),
           N_("call after 16:00, at work before"))
COMMENTS = ("very kind, thank you", "took too long to get through", "",
            "problem solved in one call", "", "still waiting for the technician",
            "molto gentile", "", "nagyon segítőkész", "")
FEEDBACK = ((FeedbackKind.COMPLAINT, "billing", "Charged twice for December", "Fibra 1G"),
            (FeedbackKind.COMPLAINT, "waiting time", "Twenty minutes in the queue", ""),
            (FeedbackKind.SUGGESTION, "app", "Let me book the technician in the app",
             "App"),
            (FeedbackKind.SUGGESTION, "opening hours", "Open on Saturday mornings", ""))


async def seed_follow_up(backend: Backend, operator: str, *, seed: int = 1,
                         surveys: int = 60) -> tuple[int, int]:
    """Callbacks for `operator` (two due now, one for anyone, two tomorrow) and for colleagues,
    survey answers on recent finished calls, and a few complaints and suggestions;
    (callbacks, answers) made."""
    rng = random.Random(seed * 104729 + 3)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    people = await backend.people.list_operators()
    if operator not in {p.name for p in people}:
        await backend.people.upsert_operator(Operator(name=operator,
                                                      display_name=operator.title()))
    colleagues = [p.name for p in people if p.role in (Role.OPERATOR, Role.SUPERVISOR)
                  and p.name != operator][:4] or [operator]
    done = [c for c in await backend.calls.list_calls(states=[CallState.DONE], limit=400)
            if c.customer_id is not None and c.caller.startswith("+")]
    rng.shuffle(done)
    plan = [(operator, CallbackScope.PERSONAL, timedelta(minutes=-20)),
            (operator, CallbackScope.PERSONAL, timedelta(minutes=-5)),
            (colleagues[0], CallbackScope.ANYONE, timedelta(minutes=-10)),
            (operator, CallbackScope.PERSONAL, timedelta(days=1, hours=1)),
            (operator, CallbackScope.PERSONAL, timedelta(days=1, hours=3)),
            *((name, CallbackScope.PERSONAL, timedelta(hours=rng.randint(1, 30)))
              for name in colleagues)]
    booked = 0
    for (owner, scope, due_in), call in zip(plan, done, strict=False):
        await backend.domain(CALLBACKS).book_callback(CallbackDraft(
            number=call.caller, reason=_(rng.choice(REASONS)), customer_id=call.customer_id,
            call_id=call.id, due_at=now + due_in, scope=scope, owner=owner,
            queue=call.queue, ticket_id=call.ticket_ids[0] if call.ticket_ids else None))
        booked += 1
    answered = 0
    for call in done[len(plan):len(plan) + surveys]:
        await backend.domain(SURVEYS).record_answer(_answer(rng, call))
        answered += 1
    for kind, topic, text, product in FEEDBACK:
        about = rng.choice(done) if done else None
        await backend.domain(SURVEYS).add_feedback(FeedbackDraft(
            kind=kind, topic=topic, text=text, product=product, operator=operator,
            customer_id=about.customer_id if about else None,
            call_id=about.id if about else None))
    return booked, answered


def _answer(rng: random.Random, call: Call) -> SurveyAnswerDraft:
    happy = rng.random() < 0.7
    return SurveyAnswerDraft(
        call_id=call.id, operator=call.operator or "demo", queue=call.queue,
        customer_id=call.customer_id,
        csat=rng.choice((4, 5, 5)) if happy else rng.choice((1, 2, 3)),
        nps=rng.choice((8, 9, 10, 10)) if happy else rng.choice((2, 5, 6, 7)),
        solved=happy or rng.random() < 0.3, comment=rng.choice(COMMENTS))
