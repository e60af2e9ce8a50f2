"""Mail claiming on the server (issue 19): only the mail worker's role (`mailer`, a service
token) may claim messages to send and record the outcome; every other token, admin included,
gets 403 and leaves the message due. Against the real server on loopback and a real SMTP
server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import asyncio

import pytest
from aiosmtpd.controller import Controller

from backends.errors import Forbidden
from backends.http import HttpBackend
from backends.messages.api import MESSAGES
from backends.messages.inputs import MessageDraft
from backends.messages.mailer import Mailer, SmtpSettings
from backends.messages.models import Message
from backends.people.models import DirectoryEntry, Role
from tests.conformance.test_message_mail import Inbox
from tests.http.conftest import Site
from tests.http.harness import free_port


async def _message_for_laura(admin: HttpBackend) -> Message:
    await admin.people.upsert_directory_entry(DirectoryEntry(
        name="Laura Bianchi", email="laura@example.com"))
    return await admin.domain(MESSAGES).take_message(MessageDraft(
        for_name="Laura Bianchi", taken_by="admin1", caller_name="Mario Rossi",
        reason="the invoice"))


async def test_only_the_mailer_role_claims_and_records_mail(site: Site,
                                                           admin: HttpBackend) -> None:
    taken = await _message_for_laura(admin)
    seen: dict[Role, tuple[int, int]] = {}
    for role in Role:
        if role is Role.MAILER:
            continue  # last: its claim takes the message for a while
        async with site.client(role) as http:
            claim = await http.post("/v1/messages/mail/claim")
            record = await http.post(f"/v1/messages/{taken.id}/mail", json={"error": "x"})
        seen[role] = (claim.status_code, record.status_code)
    assert seen == {role: (403, 403) for role in Role if role is not Role.MAILER}
    untouched = await admin.domain(MESSAGES).get_message(taken.id)
    assert (untouched.mail_attempts, untouched.mail_error) == (0, None)  # still due, as it was
    async with site.client(Role.MAILER) as http:
        claim = await http.post("/v1/messages/mail/claim")
        assert claim.status_code == 200 and [m["id"] for m in claim.json()] == [taken.id]
        record = await http.post(f"/v1/messages/{taken.id}/mail", json={"error": None})
        assert record.status_code == 200 and record.json()["mailed_at"] is not None


async def test_a_mailer_service_token_mails_and_an_admins_mailer_stops_refused(
        site: Site, admin: HttpBackend) -> None:
    taken = await _message_for_laura(admin)
    port = free_port()
    smtp = SmtpSettings(host="127.0.0.1", port=port, timeout=3.0)
    # a console's (here the admin's) mailer is refused at once and stops, never loops silently
    with pytest.raises(Forbidden):
        await asyncio.wait_for(Mailer(admin.domain(MESSAGES), smtp).run(0.1), 10)
    token = await asyncio.to_thread(site.issue_token, "mail-worker", 1, Role.MAILER)
    worker = HttpBackend(site.url, token=token, timeout=10.0)
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    await worker.open()
    try:
        assert await Mailer(worker.domain(MESSAGES), smtp).deliver_due() == (1, 0)
    finally:
        await worker.close()
        server.stop()
    assert [mail["To"] for mail in inbox.received] == ["laura@example.com"]
    assert (await admin.domain(MESSAGES).get_message(taken.id)).mailed_at is not None
