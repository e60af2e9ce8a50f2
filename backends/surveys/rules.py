"""The surveys domain's definitions, one place for every store (docs/ARCHITECTURE.md); the
README's "Satisfaction and feedback" section states them for people:

- CSAT = answers of 4 or 5 ÷ all CSAT answers (1–5 scale);
- NPS = % of answers 9–10 (promoters) − % of answers 0–6 (detractors), from −100 to 100;
- FCR (survey) = "yes" ÷ answers to "was your request solved?";
- FCR (measured) = calls after which the customer made no further contact on the same subject
  within 7 days ÷ calls with a known customer. The same subject: a call sharing one of its
  tickets, or, when it has none, a call to the same queue.

Each is None when nothing was answered (never a division by zero shown as 0).

Which survey a call gets: its campaign's configuration, else its queue's, else every question
(`effective_config`); an answer to a survey that is off, or to a question it does not ask, is
refused (`check_answer`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from backends.errors import Invalid
from backends.i18n import _
from backends.surveys.models import ALL_QUESTIONS, Contact, Question, SurveyConfig, SurveyScope

if TYPE_CHECKING:
    from backends.surveys.inputs import SurveyAnswerDraft

FCR_DAYS = 7


def csat(scores: Iterable[int]) -> tuple[float | None, int]:
    """(share of 4–5, answers)."""
    values = list(scores)
    if not values:
        return None, 0
    return sum(1 for s in values if s >= 4) / len(values), len(values)


def nps(scores: Iterable[int]) -> tuple[float | None, int, int, int]:
    """(NPS, answers, promoters, detractors)."""
    values = list(scores)
    if not values:
        return None, 0, 0, 0
    promoters = sum(1 for s in values if s >= 9)
    detractors = sum(1 for s in values if s <= 6)
    return 100.0 * (promoters - detractors) / len(values), len(values), promoters, detractors


def fcr_survey(answers: Iterable[bool]) -> tuple[float | None, int]:
    values = list(answers)
    if not values:
        return None, 0
    return sum(1 for a in values if a) / len(values), len(values)


def same_subject(first: Contact, later: Contact) -> bool:
    if first.ticket_ids:
        return bool(set(first.ticket_ids) & set(later.ticket_ids))
    return first.queue == later.queue


def fcr_measured(calls: Sequence[Contact],
                 contacts: Iterable[Contact]) -> tuple[float | None, int]:
    """(share of `calls` with no further contact of the same customer on the same subject
    within FCR_DAYS after it, calls). `contacts`: every contact of those customers from the
    first call's arrival to FCR_DAYS after the last one's."""
    if not calls:
        return None, 0
    by_customer: dict[int, list[Contact]] = defaultdict(list)
    for contact in contacts:
        by_customer[contact.customer_id].append(contact)
    window = timedelta(days=FCR_DAYS)
    resolved = 0
    for call in calls:
        again = any(c.call_id != call.call_id and call.arrived_at < c.arrived_at
                    <= call.arrived_at + window and same_subject(call, c)
                    for c in by_customer[call.customer_id])
        resolved += not again
    return resolved / len(calls), len(calls)


def effective_config(queue: str, campaign: str | None,
                     found: dict[SurveyScope, SurveyConfig]) -> SurveyConfig:
    """The configuration a survey of this queue (and campaign) follows: the campaign's, else
    the queue's, else on with every question."""
    return (found.get(SurveyScope.CAMPAIGN) or found.get(SurveyScope.QUEUE)
            or SurveyConfig(scope=SurveyScope.QUEUE, name=queue))


def check_config(config: SurveyConfig) -> list[Question]:
    """Its questions, each once, in the order of ALL_QUESTIONS; Invalid for a survey that is
    on and asks nothing."""
    asked = [q for q in ALL_QUESTIONS if q in config.questions]
    if config.enabled and not asked:
        raise Invalid("questions", _("a survey that is on asks at least one question"))
    return asked


def check_answer(config: SurveyConfig, draft: SurveyAnswerDraft) -> None:
    """An answer fits its survey: the survey is on, and only questions it asks are answered."""
    if not config.enabled:
        raise Invalid(config.scope.value, _("surveys are off for {scope} '{name}'").format(
            scope=config.scope.value, name=config.name))
    given = {Question.CSAT: draft.csat is not None, Question.NPS: draft.nps is not None,
             Question.SOLVED: draft.solved is not None, Question.COMMENT: bool(draft.comment)}
    for question, answered in given.items():
        if answered and question not in config.questions:
            raise Invalid(question.value, _("'{question}' is not asked in the survey of "
                                            "{scope} '{name}'").format(
                question=question.value, scope=config.scope.value, name=config.name))
