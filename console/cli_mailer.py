"""`centralino mailer`: e-mail the messages taken for colleagues (backends/messages/mailer.py)
as a process of its own, the mail worker. Run it on the server's host on the database itself,
or anywhere over HTTP with a token of the `mailer` role
(`centralino operator token mailer --service mailer`): the server lets no other token claim
messages to send (backends/server/routes_messages.py). Any number may run; each message is
claimed by one sender at a time and recorded as mailed once."""

from __future__ import annotations

import click

from backends.i18n import _
from backends.protocol import Backend
from console.common import fail, run_with_backend, settings_from


@click.command("mailer")
@click.option("--once", is_flag=True,
              help=_("send what is due now, print how many, and stop (for cron)"))
@click.option("--every", type=click.FloatRange(min=0.5, max=3600), default=5.0,
              show_default=True, help=_("seconds between rounds"))
@click.pass_context
def mailer(ctx: click.Context, once: bool, every: float) -> None:
    """E-mail the messages taken for colleagues, through the configured SMTP server."""
    from backends.messages.api import MESSAGES
    from backends.messages.mailer import Mailer, SmtpSettings

    settings = settings_from(ctx)
    if not settings.smtp_host:
        fail(_("no SMTP server is configured: set smtp_host (and smtp_port, smtp_from, …) in "
               "the settings file, see the README's Switchboard section"))
        return
    smtp = SmtpSettings(host=settings.smtp_host, port=settings.smtp_port,
                        sender=settings.smtp_from, starttls=settings.smtp_starttls,
                        username=settings.smtp_username, password=settings.smtp_password)

    async def work(backend: Backend) -> None:
        sender = Mailer(backend.domain(MESSAGES), smtp)
        if once:
            mailed, failed = await sender.deliver_due()
            click.echo(_("{mailed} mailed, {failed} failed (tried again later)").format(
                mailed=mailed, failed=failed))
            return
        click.echo(_("mailing messages through {host}:{port} every {every} s (Ctrl-C stops)")
                   .format(host=smtp.host, port=smtp.port, every=every), err=True)
        await sender.run(every)

    run_with_backend(settings, work)
