"""The e-mail path of messages (issue 19, item 3) against a real SMTP server on 127.0.0.1
(aiosmtpd), on every backend: while the server is down the message is kept, shown as not mailed
yet with the reason, and tried again; once it is up the message is delivered, once."""

from __future__ import annotations

import asyncio
from email import message_from_bytes
from email.message import Message as Email
from typing import Any

from aiosmtpd.controller import Controller

from backends.messages.api import MESSAGES, Messages
from backends.messages.inputs import MessageDraft
from backends.messages.mailer import Mailer, SmtpSettings
from backends.messages.models import Urgency
from backends.people.models import DirectoryEntry
from backends.protocol import Backend
from tests.conformance.helpers import mail_worker, operator
from tests.http.harness import free_port


class Inbox:
    """aiosmtpd handler keeping what it received."""

    def __init__(self) -> None:
        self.received: list[Email] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


async def test_a_message_waits_while_smtp_is_down_and_is_mailed_once_when_up(
        backend: Backend) -> None:
    async with mail_worker(backend) as worker:
        await mailed_once(backend, worker)


async def mailed_once(backend: Backend, worker: Messages) -> None:
    messages = backend.domain(MESSAGES)
    await operator(backend, "rita")
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Laura Bianchi", email="laura@example.com"))
    taken = await messages.take_message(MessageDraft(
        for_name="Laura Bianchi", taken_by="rita", caller_name="Mario\r\nBcc: evil@example.com",
        company="Rossi Srl", number="+390612345678", reason="invoice", urgency=Urgency.URGENT))
    port = free_port()
    mailer = Mailer(worker, SmtpSettings(host="127.0.0.1", port=port, timeout=3.0,
                                           sender="switchboard@example.com"))
    assert await mailer.deliver_due() == (0, 1)  # nobody listens on the port yet
    waiting = await messages.get_message(taken.id)
    assert waiting.waiting_for_mail and waiting.mail_error and waiting.mail_attempts == 1

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        mailed = 0
        for _round in range(40):  # the first retry is due after about a second
            done, failed = await mailer.deliver_due()
            assert failed == 0
            mailed += done
            if mailed:
                break
            await asyncio.sleep(0.1)
        assert mailed == 1
        assert await mailer.deliver_due() == (0, 0)
        await asyncio.sleep(1.2)
        assert await mailer.deliver_due() == (0, 0)
    finally:
        server.stop()
    assert len(inbox.received) == 1
    [email] = inbox.received
    assert email["To"] == "laura@example.com"
    assert email["Bcc"] is None  # the caller's name could not add a header
    assert "URGENT" in email["Subject"] and "Mario" in email["Subject"]
    assert "+390612345678" in email.get_payload()
    final = await messages.get_message(taken.id)
    assert final.mailed_at is not None and not final.waiting_for_mail
    assert final.mail_error is None
