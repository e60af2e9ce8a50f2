"""A survey sent later, as an outbound survey campaign (issue 18, item 4): the campaign and its
contacts built from the customers called in a period (`Surveys.survey_targets`), each contact
carrying its original call, operator and queue in its fields, and an answer given on such a
contact stored with that original call, operator, queue and customer and the campaign's name.
Pure: the caller creates the campaign and adds the contacts through the campaigns domain's
interface (backends/campaigns/api.py); see docs/ARCHITECTURE.md."""

from __future__ import annotations

from collections.abc import Sequence

from backends.campaigns.inputs import CampaignDraft, ContactDraft
from backends.campaigns.models import Contact, DialMode, Outcome, Purpose
from backends.errors import Invalid
from backends.i18n import _
from backends.surveys.inputs import SurveyAnswerDraft
from backends.surveys.models import SurveyTarget

# what the survey campaign's contacts keep of the call they are asked about
CALL_FIELD, OPERATOR_FIELD, QUEUE_FIELD, CALLED_FIELD = (
    "survey_call_id", "survey_operator", "survey_queue", "survey_called_at")


def survey_outcomes() -> list[Outcome]:
    return [Outcome(code="completed", label=_("Survey completed"), contact=True,
                    conversion=True, final=True),
            Outcome(code="refused", label=_("Refused the survey"), contact=True, final=True),
            Outcome(code="no_answer", label=_("No answer"), retry_minutes=120, max_attempts=3),
            Outcome(code="wrong_number", label=_("Wrong number"), unworkable=True,
                    final=True)]


def campaign_draft(name: str, queue: str = "outbound") -> CampaignDraft:
    """A preview campaign of purpose survey with the survey's outcomes."""
    return CampaignDraft(name=name, purpose=Purpose.SURVEY, dial_mode=DialMode.PREVIEW,
                         outcomes=survey_outcomes(), queue=queue)


def contact_drafts(targets: Sequence[SurveyTarget]) -> list[ContactDraft]:
    return [ContactDraft(phone=t.number, customer_id=t.customer_id, fields={
        CALL_FIELD: str(t.call_id), OPERATOR_FIELD: t.operator, QUEUE_FIELD: t.queue,
        CALLED_FIELD: t.arrived_at.isoformat(timespec="minutes")}) for t in targets]


def answer_draft(contact: Contact, campaign: str, *, csat: int | None = None,
                 nps: int | None = None, solved: bool | None = None,
                 comment: str = "") -> SurveyAnswerDraft:
    """The answer given on a survey campaign's contact, stored with the call it is about."""
    fields = contact.fields
    call = fields.get(CALL_FIELD, "")
    if not call.isdigit() or not fields.get(OPERATOR_FIELD) or not fields.get(QUEUE_FIELD):
        raise Invalid("contact", _("contact {id} is not one of a survey campaign's (it names "
                                   "no original call)").format(id=contact.id))
    return SurveyAnswerDraft(call_id=int(call), operator=fields[OPERATOR_FIELD],
                             queue=fields[QUEUE_FIELD], campaign=campaign,
                             customer_id=contact.customer_id, csat=csat, nps=nps,
                             solved=solved, comment=comment)
