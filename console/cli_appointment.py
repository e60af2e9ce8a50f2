"""`centralino appointment list`: the appointments of a colleague (or of whoever booked them),
printed or written as an iCalendar file to add to a calendar program (console/appointment_ics.py).
README, "Appointments"; docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from backends.appointments.api import APPOINTMENTS
from backends.appointments.models import Appointment
from backends.errors import BackendError
from backends.i18n import _
from backends.private_files import private_output
from backends.protocol import Backend
from backends.sanitize import clean_line
from console.common import fail, run_with_backend, settings_from


@click.group()
def appointment() -> None:
    """Appointments booked with colleagues: list them, export them as iCalendar."""


@appointment.command("list")
@click.option("--with", "person", default=None, metavar="NAME",
              help=_("the colleague's name in the directory"))
@click.option("--booked-by", default=None, metavar="LOGIN")
@click.option("--all", "everything", is_flag=True, help=_("past ones too"))
@click.option("--ics", "ics", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_("write them to this .ics file (created private) instead"))
@click.pass_context
def list_(ctx: click.Context, person: str | None, booked_by: str | None, everything: bool,
          ics: Path | None) -> None:
    """Upcoming appointments, earliest first: when, who, with whom, what, where."""

    async def work(backend: Backend) -> list[Appointment]:
        return await backend.domain(APPOINTMENTS).list_appointments(
            person=person, booked_by=booked_by,
            since=None if everything else datetime.now(UTC), limit=10_000)

    found = run_with_backend(settings_from(ctx), work)
    if ics is not None:
        from console.appointment_ics import calendar

        try:
            with private_output(ics, what="ics") as (fd, _temp), open(fd, "wb") as handle:
                handle.write(calendar(found))
        except BackendError as exc:
            fail(exc)
        except OSError as exc:
            fail(_("cannot write {path}: {why}").format(path=ics, why=exc.strerror or exc))
        click.echo(_("{n} appointment(s) written to {path}").format(n=len(found), path=ics))
        return
    for one in found:
        local = one.starts_at.astimezone()
        click.echo(clean_line("  ".join([
            local.strftime("%Y-%m-%d %H:%M"), f"{one.minutes}'", one.person,
            one.contact_name or one.contact_phone, one.subject, one.place,
            _("booked by {login}").format(login=one.booked_by)])))
