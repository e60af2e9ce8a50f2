"""The outbound desk's work, without Textual: take the campaign's next contact, read their
history, dial, walk the script, and wrap up (the answers stored with the call, the script's
actions done, the attempt's outcome recorded, the call finished). The workspace
(screens/campaigns/outbound_screen.py) drives it from keys.

The wrap-up is a sequence of use cases of four domains (calls, scripts, campaigns and
callbacks/tickets), in the order that loses least if it stops half way: the answers first,
the attempt (which frees the contact) before the call is finished. It is not one transaction
(docs/ARCHITECTURE.md, "Known debts").
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from backends.appointments.models import Appointment
from backends.callbacks.api import CALLBACKS
from backends.callbacks.inputs import CallbackDraft
from backends.callbacks.when import operator_zone, parse_when, zone_of_number
from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import AttemptDraft, DncChange
from backends.campaigns.models import Campaign, Contact, DialMode, DncList, Outcome
from backends.customers.rules import language_for_phones
from backends.errors import BackendError, Conflict, Invalid, NotFound
from backends.i18n import _
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS
from backends.scripts.definition import Do, Script
from backends.scripts.inputs import ScriptAnswersDraft
from backends.scripts.models import GivenAnswer, ScriptAnswers
from backends.scripts.runner import ScriptRun
from backends.scripts.survey_answers import SurveyFields, survey_fields
from backends.surveys.api import SURVEYS
from backends.surveys.campaign import CALL_FIELD, answer_draft
from backends.surveys.inputs import SurveyAnswerDraft
from backends.tickets.inputs import TicketDraft
from screens.campaigns.booking import Booking
from screens.campaigns.far_end import FarEnd, OperatorReports, Pickup, Ring

HISTORY = 5  # earlier script answers shown for a contact


def disposition_for(outcome: Outcome) -> str:
    """The call's wrap-up disposition for a campaign outcome (the dispositions every store
    has: backends/sqlite/schema.py)."""
    if outcome.unworkable:
        return "WRONG_NUMBER"
    if outcome.callback:
        return "CALLBACK"
    if not outcome.contact:
        return "NO_ANSWER"
    return "RESOLVED"


def script_problems(script: Script, campaign: Campaign) -> list[str]:
    """The script's outcome actions that name no outcome of the campaign."""
    codes = {o.code for o in campaign.outcomes}
    found = []
    for step in script.steps:
        for action in step.actions + [a for c in step.choices for a in c.actions]:
            if action.do is Do.OUTCOME and action.value not in codes:
                found.append(_("script {script}, step {step}: the campaign has no outcome "
                               "'{code}'").format(script=script.id, step=step.id,
                                                  code=action.value))
    return found


@dataclass
class History:
    attempts: int = 0
    last_outcome: str | None = None
    answers: list[ScriptAnswers] = field(default_factory=list)


class OutboundDesk:
    def __init__(self, backend: Backend, operator: str, campaign: Campaign,
                 script: Script | None, far_end: FarEnd | None = None,
                 operator_name: str = "") -> None:
        self.backend = backend
        self.operator = operator
        self.operator_name = operator_name or operator
        self.campaign = campaign
        self.script = script
        self.far_end = far_end or OperatorReports()
        self.contact: Contact | None = None
        self.history = History()
        self.call_id: int | None = None
        self.ring: Ring | None = None
        self.run: ScriptRun | None = None
        self.hung_up = False
        self.language = "en"
        self.booked: list[Appointment] = []  # appointments booked during this contact's call

    # -- taking and dialling ---------------------------------------------------------------
    async def take_next(self) -> Contact | None:
        """Claim the campaign's next contact (None when none is due now)."""
        self.contact = await self.backend.domain(CAMPAIGNS).next_contact(
            self.campaign.id, self.operator)
        self.call_id, self.ring, self.run, self.hung_up = None, None, None, False
        self.booked = []
        if self.contact is not None:
            await self._prepare(self.contact)
        return self.contact

    async def _prepare(self, contact: Contact) -> None:
        customer_name = ""
        self.language = language_for_phones([contact.phone])
        if contact.customer_id is not None:
            with contextlib.suppress(NotFound):
                customer = await self.backend.customers.get_customer(contact.customer_id)
                customer_name, self.language = customer.name, customer.language or self.language
        answers = await self.backend.domain(SCRIPTS).list_answers(contact_id=contact.id,
                                                                  limit=HISTORY)
        self.history = History(contact.attempts, contact.last_outcome, answers)
        if self.script is not None:
            self.run = ScriptRun(self.script, self.language,
                                 self.variables(contact, customer_name))

    def variables(self, contact: Contact, customer_name: str) -> dict[str, str]:
        name = contact.name or customer_name
        first, _space, last = name.partition(" ")
        return {**contact.fields, "name": name, "first_name": first, "last_name": last,
                "phone": contact.phone, "customer_name": customer_name,
                "operator": self.operator_name, "campaign": self.campaign.name}

    async def dial(self) -> str:
        """Dial the contact in front: a message saying what happened. A contact that may not be
        called now (do-not-call, hours) is let go; an unanswered one is wrapped up at once
        with that outcome, when the campaign has it."""
        if self.contact is None:
            raise Invalid("contact", _("take a contact first (F5)"))
        result = await self.backend.domain(CAMPAIGNS).dial(self.contact.id, self.operator)
        if result.call_id is None:
            self.contact = None
            if result.blocked:
                return _("not dialled: the number is on a do-not-call list ({lists})").format(
                    lists=", ".join(h.list_name for h in result.blocked))
            return _("not dialled: {why}").format(why=result.not_now or "")
        self.call_id = result.call_id
        self.ring = await self.far_end.ring(self.contact)
        if self.ring.pickup is Pickup.ANSWERED:
            if self.campaign.dial_mode is DialMode.PROGRESSIVE:
                # a live call for the pacing guard's share: this operator was free to take it
                await self.backend.domain(CAMPAIGNS).record_live_call(self.campaign.id, False)
            return _("answered: follow the script")
        code = self.ring.pickup.value
        if any(o.code == code for o in self.campaign.outcomes):
            return await self.wrap_up(code)
        await self.backend.calls.end_call(self.call_id, self.operator)
        return _("{what}: choose the outcome").format(what=self.ring.pickup.value)

    def after_step(self) -> bool:
        """Whether the contact hangs up now (the simulator's "hang-up during the script")."""
        if (self.run is None or self.ring is None or self.ring.hangs_up_after is None
                or len(self.run.path) < self.ring.hangs_up_after):
            return False
        self.hung_up = True
        self.run.leave()
        return True

    def booking(self, department: str, day: str) -> Booking:
        """What an appointment booked now is for (screens/campaigns/appointment_dialog.py)."""
        contact = self.contact
        assert contact is not None
        who = contact.name or contact.phone
        return Booking(department=department, subject=_("{campaign}: {contact}").format(
            campaign=self.campaign.name, contact=who), booked_by=self.operator,
            phone=contact.phone, contact_name=contact.name, day=day,
            customer_id=contact.customer_id, contact_id=contact.id,
            campaign_id=self.campaign.id, call_id=self.call_id)

    def suggested_outcome(self) -> str | None:
        """The outcome the script's actions set last, if any."""
        if self.run is None:
            return None
        codes = [t.action.value for t in self.run.triggered if t.action.do is Do.OUTCOME]
        return codes[-1] if codes else None

    # -- wrapping up -------------------------------------------------------------------------
    async def wrap_up(self, code: str, when: str | None = None) -> str:
        """Record the outcome `code`; `when` is a callback's time (the callbacks pane's
        forms, e.g. +2h, tomorrow 10). A message saying what was done."""
        contact = self.contact
        outcome = next((o for o in self.campaign.outcomes if o.code == code), None)
        if contact is None or outcome is None:
            raise Invalid("outcome", _("the campaign has no outcome {code}").format(code=code))
        done: list[str] = []
        if self.call_id is not None:
            with contextlib.suppress(Conflict):  # already in wrap-up (hung up)
                await self.backend.calls.end_call(self.call_id, self.operator)
            await self._store_answers(contact)
            done += await self._actions(contact, when)
        callback_at = self._when(contact, when) if outcome.callback and when else None
        await self.backend.domain(CAMPAIGNS).record_attempt(AttemptDraft(
            contact_id=contact.id, operator=self.operator, outcome=code, call_id=self.call_id,
            callback_at=callback_at))
        if self.call_id is not None:
            await self.backend.calls.finish_call(self.call_id, self.operator,
                                                 disposition_for(outcome))
        self.contact, self.call_id, self.run, self.ring = None, None, None, None
        return "; ".join([_("outcome: {label}").format(label=_(outcome.label)), *done])

    async def _store_answers(self, contact: Contact) -> None:
        run = self.run
        if run is None or self.call_id is None or self.ring is None:
            return
        if self.ring.pickup is not Pickup.ANSWERED:
            return
        if not run.finished and run.left_at is None:
            run.leave()
        await self.backend.domain(SCRIPTS).record_answers(ScriptAnswersDraft(
            call_id=self.call_id, operator=self.operator, script=run.script.id,
            campaign_id=self.campaign.id, contact_id=contact.id,
            customer_id=contact.customer_id, language=run.language,
            answers=[GivenAnswer(step=s, value=v) for s, v in run.given()],
            completed=run.finished, left_at=None if run.finished else run.left_at))
        await self._store_survey(contact, survey_fields(run.script, run.given()))

    async def _store_survey(self, contact: Contact, fields: SurveyFields) -> None:
        """The survey questions the script asked, in the surveys domain too (CSAT, NPS, FCR):
        about the call the contact was surveyed on (a survey campaign's contact names it),
        else about this call."""
        if not fields or self.call_id is None:
            return
        if CALL_FIELD in contact.fields:
            draft = answer_draft(contact, self.campaign.name, csat=fields.csat, nps=fields.nps,
                                 solved=fields.solved, comment=fields.comment)
        else:
            draft = SurveyAnswerDraft(call_id=self.call_id, operator=self.operator,
                                      queue=self.campaign.queue, campaign=self.campaign.name,
                                      customer_id=contact.customer_id, csat=fields.csat,
                                      nps=fields.nps, solved=fields.solved,
                                      comment=fields.comment)
        # a survey turned off for this campaign or queue keeps only the script's answers
        with contextlib.suppress(Invalid):
            await self.backend.domain(SURVEYS).record_answer(draft)

    def _when(self, contact: Contact, text: str) -> datetime:
        zone = zone_of_number(contact.phone) or operator_zone()
        return parse_when(text, datetime.now(UTC).astimezone(zone)).astimezone(UTC)

    async def _actions(self, contact: Contact, when: str | None) -> list[str]:
        """The script's actions (DNC, ticket, callback); appointments are not built yet."""
        done: list[str] = []
        for triggered in self.run.triggered if self.run else []:
            action = triggered.action
            try:
                if action.do is Do.DNC:
                    await self.backend.domain(CAMPAIGNS).add_dnc(DncChange(
                        numbers=[contact.phone], list_name=DncList.INTERNAL,
                        reason=_("asked during campaign {name}").format(
                            name=self.campaign.name)))
                    done.append(_("added to do-not-call"))
                elif action.do is Do.TICKET:
                    ticket = await self.backend.tickets.create_ticket(TicketDraft(
                        subject=action.value, customer_id=contact.customer_id,
                        call_id=self.call_id, author=self.operator))
                    done.append(_("ticket #{id} opened").format(id=ticket.id))
                elif action.do is Do.CALLBACK:
                    due = self._when(contact, when or action.value or "+1d")
                    await self.backend.domain(CALLBACKS).book_callback(CallbackDraft(
                        number=contact.phone, customer_id=contact.customer_id,
                        call_id=self.call_id, due_at=due, owner=self.operator,
                        queue=self.campaign.queue, reason=self.campaign.name))
                    done.append(_("callback booked"))
                elif action.do is Do.APPOINTMENT and not self.booked:
                    done.append(_("no appointment booked"))
            except BackendError as exc:
                done.append(_("{action} failed: {why}").format(action=action.do.value,
                                                             why=exc.message))
        return done
