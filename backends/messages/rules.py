"""The rules of messages, one set for every store (docs/ARCHITECTURE.md):

- a message is for somebody the house knows (an operator or a directory entry) and says at
  least who called or why;
- its recipient reads it and marks it done; so may receptionists, supervisors and admins, who
  answer for departments and for colleagues without a console; nobody else;
- a message for a recipient with an e-mail address is mailed once. One sender at a time claims
  it for CLAIM_SECONDS; a failed attempt is tried again after a back-off that doubles up to
  MAX_BACKOFF_SECONDS, forever: a message is never dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backends.errors import Forbidden, Invalid
from backends.i18n import _
from backends.messages.models import Message
from backends.people.models import Role

if TYPE_CHECKING:
    from backends.messages.inputs import MessageDraft

ANSWER_FOR_OTHERS = frozenset({Role.RECEPTIONIST, Role.SUPERVISOR, Role.ADMIN})
CLAIM_SECONDS = 60  # a sender that took a message and vanished leaves it to others after this
FIRST_BACKOFF_SECONDS = 1
MAX_BACKOFF_SECONDS = 600
INBOX_LIMIT = 200
# the outcome of a call that ended with a message taken (a disposition the messages domain's
# migration adds to every store: backends/sqlite/messages_storage.py)
MESSAGE_OUTCOME = "MESSAGE"
ERROR_LENGTH = 300


def check_draft(draft: MessageDraft) -> None:
    if not (draft.caller_name or draft.company or draft.number or draft.reason):
        raise Invalid("caller_name", _("a message says who called or why (name, company, "
                                       "number or reason)"))


def check_may_handle(message: Message, by: str, role: Role | None) -> None:
    if by.casefold() == message.for_name.casefold() or role in ANSWER_FOR_OTHERS:
        return
    raise Forbidden(_("message {id} is for '{recipient}', not for '{by}'").format(
        id=message.id, recipient=message.for_name, by=by))


def claim_until(now: datetime) -> datetime:
    return now + timedelta(seconds=CLAIM_SECONDS)


def retry_at(attempts: int, now: datetime) -> datetime:
    """When a message whose `attempts`-th attempt failed is tried again."""
    seconds = min(FIRST_BACKOFF_SECONDS * 2 ** max(0, attempts - 1), MAX_BACKOFF_SECONDS)
    return now + timedelta(seconds=seconds)


def error_text(error: str) -> str:
    return (error.strip() or _("unknown error"))[:ERROR_LENGTH]
