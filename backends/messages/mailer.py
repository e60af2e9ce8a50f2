"""E-mail for messages (docs/ARCHITECTURE.md): the standard library's `smtplib` and `email`,
over the `Messages` interface of any backend. `deliver_due` claims the messages due (so no other
sender takes them meanwhile), sends each and records the outcome; a failure is recorded with
its reason and tried again after the service's back-off, so a message waits, shown as not
mailed yet, until a server takes it, and is mailed once.

Sending blocks, so it runs in a thread. `Mailer.run` is run by `centralino mailer`
(console/cli_mailer.py: on the server's database, or over HTTP with a token of the `mailer`
role, the only one the server lets claim messages) and, on a local store only, by the console
as a task, when an SMTP server is configured (settings `smtp_host`, `smtp_port`, `smtp_from`,
`smtp_starttls`, `smtp_username`, `smtp_password`).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from backends.errors import BackendError, Forbidden
from backends.i18n import _
from backends.messages.api import Messages
from backends.messages.models import Message, Urgency
from backends.sanitize import clean, clean_line


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "centralino@localhost"
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0


def compose(message: Message, settings: SmtpSettings) -> EmailMessage:
    """The e-mail of one message; every header is one clean line."""
    assert message.mail_to is not None
    mail = EmailMessage()
    who = clean_line(message.caller_name or message.company or message.number or _("a caller"),
                     120)
    subject = _("Message for {name} from {who}").format(
        name=clean_line(message.for_name, 120), who=who)
    if message.urgency is Urgency.URGENT:
        subject = _("URGENT") + ": " + subject
    mail["Subject"] = subject
    mail["From"] = settings.sender
    mail["To"] = message.mail_to
    domain = settings.sender.rpartition("@")[2] or "localhost"
    mail["Message-ID"] = make_msgid(f"centralino-message-{message.id}", domain=domain)
    lines = [
        _("Caller: {name}").format(name=clean_line(message.caller_name, 120) or "-"),
        _("Company: {company}").format(company=clean_line(message.company, 120) or "-"),
        _("Number: {number}").format(number=message.number or "-"),
        _("Urgency: {urgency}").format(urgency=_("urgent") if message.urgency is Urgency.URGENT
                                       else _("normal")),
        _("Please call back") if message.call_back else _("No need to call back"),
        _("Taken by {who} at {when} UTC").format(
            who=message.taken_by, when=message.created_at.strftime("%Y-%m-%d %H:%M")),
        "",
        clean(message.reason),
    ]
    mail.set_content("\n".join(lines) + "\n")
    return mail


def send(mail: EmailMessage, settings: SmtpSettings) -> None:
    """One SMTP session (blocking). Raises OSError or smtplib.SMTPException on failure."""
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(mail)


class Mailer:
    def __init__(self, messages: Messages, settings: SmtpSettings) -> None:
        self.messages = messages
        self.settings = settings

    async def deliver_due(self) -> tuple[int, int]:
        """Send what is due now; (mailed, failed)."""
        mailed = failed = 0
        for message in await self.messages.claim_mail():
            try:
                await asyncio.to_thread(send, compose(message, self.settings), self.settings)
            except (OSError, smtplib.SMTPException) as exc:
                failed += 1
                await self.messages.record_mail(message.id, str(exc) or type(exc).__name__)
            else:
                mailed += 1
                await self.messages.record_mail(message.id)
        return mailed, failed

    async def run(self, every: float = 2.0) -> None:
        """Deliver every `every` seconds until cancelled; a store error waits for the next
        round (the messages stay due). Forbidden (a token that is not the mail worker's)
        is raised: waiting cannot mend it, and the messages stay due for a sender that may."""
        while True:
            try:
                await self.deliver_due()
            except Forbidden:
                raise
            except BackendError:
                pass  # the store unreachable: the same messages are due next round
            await asyncio.sleep(every)
