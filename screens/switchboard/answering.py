"""Which waiting call the switchboard counts and answers (docs/ARCHITECTURE.md, "screens/"):
phone calls only (e-mails and chats in the queues are the desks' work, not calls to put
through), and with F5 one in the receptionist's own queue first (a parked call come back, a
transfer to them), else the first in queue order."""

from __future__ import annotations

from backends.calls.models import Call, Channel

WAITING_SHOWN = 20  # waiting calls counted on the top line


def phone_calls(waiting: list[Call]) -> list[Call]:
    """The phone calls of `waiting` (in queue order), at most WAITING_SHOWN."""
    return [call for call in waiting if call.channel is Channel.VOICE][:WAITING_SHOWN]


def next_to_answer(waiting: list[Call], me: str) -> Call | None:
    mine = next((call for call in waiting if call.queue.casefold() == me.casefold()), None)
    return mine or (waiting[0] if waiting else None)
