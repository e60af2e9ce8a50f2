"""Messages over HTTP: take a message, inboxes with unread counts, read and done, a caller's
messages, and the e-mail path (claim, record). One router per domain (docs/ARCHITECTURE.md),
registered in backends/domain_registry.py with its actions; it talks to
`backend.domain(MESSAGES)`. Who may handle a message is the messages domain's rule; here a
worker may only act under their own name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backends.messages.api import MESSAGES, Messages
from backends.messages.inputs import MessageDraft
from backends.messages.models import Message
from backends.people.models import Role
from backends.server.deps import Reader, backend, guard, once, respond
from backends.server.errors import ERROR_RESPONSES
from backends.server.params import Id
from backends.server.policy import Identity
from backends.wire.messages import MailOutcome, MessageBy, UnreadCount

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES, tags=["messages"])
MessageTaker = Annotated[Identity, guard("message.take")]
MessageHandler = Annotated[Identity, guard("message.handle")]
MailSender = Annotated[Identity, guard("message.mail")]
Recipient = Annotated[str, Query(alias="for", min_length=1, max_length=120)]

_WORKERS = frozenset({Role.OPERATOR, Role.RECEPTIONIST, Role.SUPERVISOR, Role.ADMIN})
# claiming a message takes it from every other sender for a while and records its outcome:
# only the mail worker's service token does it over HTTP (the server's own process, or a
# `centralino mailer` on its database, calls the service directly). A console's token cannot
# take messages out of the queue it did not mean to send.
MAIL_SENDERS = frozenset({Role.MAILER})
ACTIONS = {"message.take": _WORKERS, "message.handle": _WORKERS, "message.mail": MAIL_SENDERS}


def messages(request: Request) -> Messages:
    return backend(request).domain(MESSAGES)


@router.post("/messages", status_code=201, response_model=Message)
async def take_message(draft: MessageDraft, request: Request, who: MessageTaker) -> Response:
    who.acts_as(draft.taken_by)
    return await once(request, who, lambda: messages(request).take_message(draft), 201)


@router.get("/messages", response_model=list[Message])
async def inbox(request: Request, who: Reader, recipient: Recipient,
                done: bool = False) -> Response:
    return respond(await messages(request).inbox(recipient, include_done=done))


@router.get("/messages/unread", response_model=UnreadCount)
async def unread_count(request: Request, who: Reader, recipient: Recipient) -> Response:
    count = await messages(request).unread_count(recipient)
    return respond(UnreadCount(recipient=recipient, unread=count))


@router.get("/customers/{customer_id}/messages", response_model=list[Message])
async def for_customer(customer_id: Id, request: Request, who: Reader) -> Response:
    return respond(await messages(request).for_customer(customer_id))


@router.post("/messages/mail/claim", response_model=list[Message])
async def claim_mail(request: Request, who: MailSender,
                     limit: Annotated[int, Query(ge=0, le=100)] = 20) -> Response:
    return respond(await messages(request).claim_mail(limit))


@router.get("/messages/{message_id}", response_model=Message)
async def get_message(message_id: Id, request: Request, who: Reader) -> Response:
    return respond(await messages(request).get_message(message_id))


@router.post("/messages/{message_id}/read", response_model=Message)
async def mark_read(message_id: Id, body: MessageBy, request: Request,
                    who: MessageHandler) -> Response:
    who.acts_as(body.by)
    return await once(request, who, lambda: messages(request).mark_read(message_id, body.by))


@router.post("/messages/{message_id}/done", response_model=Message)
async def mark_done(message_id: Id, body: MessageBy, request: Request,
                    who: MessageHandler) -> Response:
    who.acts_as(body.by)
    return await once(request, who, lambda: messages(request).mark_done(message_id, body.by))


@router.post("/messages/{message_id}/mail", response_model=Message)
async def record_mail(message_id: Id, body: MailOutcome, request: Request,
                      who: MailSender) -> Response:
    return await once(request, who, lambda: messages(request).record_mail(
        message_id, body.error))
