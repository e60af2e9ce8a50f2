"""The console's background task that mails messages (backends/messages/mailer.py) when an SMTP
server is configured (settings `smtp_*`, README "Switchboard") and the console works on a store
of its own (console/cli_run.py; over HTTP the mail worker, `centralino mailer`, sends). Any
number of senders may run: the messages service hands each message to one sender at a time, so
it is mailed once (docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

from typing import Any

from console.settings import Settings

MAIL_EVERY = 5.0  # seconds between rounds


def mailer_task(settings: Settings) -> Any:
    from backends.messages.mailer import SmtpSettings

    smtp = SmtpSettings(host=settings.smtp_host or "", port=settings.smtp_port,
                        sender=settings.smtp_from, starttls=settings.smtp_starttls,
                        username=settings.smtp_username, password=settings.smtp_password)

    async def run(backend: Any) -> None:
        from backends.messages.api import MESSAGES
        from backends.messages.mailer import Mailer

        await Mailer(backend.domain(MESSAGES), smtp).run(MAIL_EVERY)

    return run
