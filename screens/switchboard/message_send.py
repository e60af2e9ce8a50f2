"""A message typed in the switchboard's dialog, sent (docs/ARCHITECTURE.md, "screens/"): taken
for the highlighted colleague or department and, when it was taken from the caller on the
line, the call ends with the outcome "message taken" (the caller has said what they wanted;
the receptionist is free for the next call at once)."""

from __future__ import annotations

from backends.calls.models import Call
from backends.errors import BackendError
from backends.i18n import _
from backends.messages.api import MESSAGES
from backends.messages.models import Urgency
from backends.messages.rules import MESSAGE_OUTCOME
from backends.protocol import Backend
from screens.common.directory_names import department_name
from screens.switchboard.message_dialog import MessageForm


async def send(backend: Backend, me: str, form: MessageForm, call: Call | None) -> str:
    """Take the message, then end `call` (the one in hand, if any); what to tell the
    receptionist. A BackendError from taking it is raised: nothing was taken."""
    from backends.messages.inputs import MessageDraft  # pydantic: only when one is sent

    message = await backend.domain(MESSAGES).take_message(MessageDraft(
        for_name=form.for_name, taken_by=me, caller_name=form.caller_name,
        company=form.company, number=form.number or None, reason=form.reason,
        urgency=Urgency.URGENT if form.urgent else Urgency.NORMAL, call_back=form.call_back,
        call_id=call.id if call is not None else None))
    taken = _("Message for {name} taken.").format(name=department_name(message.for_name))
    if call is None:
        return taken
    try:  # two steps of the calls domain: ended (wrap-up), then its outcome recorded
        await backend.calls.end_call(call.id, me)
        await backend.calls.finish_call(call.id, me, MESSAGE_OUTCOME)
    except BackendError as exc:
        return taken + " " + _("The call could not be ended: {why}").format(why=exc.message)
    return taken + " " + _("The call has ended.")
