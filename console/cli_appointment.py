"""`centralino appointment list|cancel|move`: the appointments of a colleague (or of whoever
booked them), printed or written as an iCalendar file to add to a calendar program
(console/appointment_ics.py: cancelled ones are written as cancelled, so the calendar drops
them); calling one off or moving it, as the configured operator. README, "Appointments";
docs/ARCHITECTURE.md."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import Cancel, Reschedule
from backends.appointments.models import Appointment, AppointmentStatus
from backends.callbacks.when import operator_zone, parse_when
from backends.errors import BackendError
from backends.i18n import _
from backends.private_files import private_output
from backends.protocol import Backend
from backends.sanitize import clean_line
from console.common import fail, run_with_backend, settings_from


@click.group()
def appointment() -> None:
    """Appointments booked with colleagues: list, cancel or move them, export them as
    iCalendar."""


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
        # the calendar file carries the cancelled ones, so a calendar that imported them
        # before learns they are off (STATUS:CANCELLED, a higher SEQUENCE)
        return await backend.domain(APPOINTMENTS).list_appointments(
            person=person, booked_by=booked_by,
            since=None if everything else datetime.now(UTC), limit=10_000,
            include_cancelled=ics is not None)

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
        click.echo(line(one))


def line(one: Appointment) -> str:
    """One appointment on one line, without control characters from the data."""
    local = one.starts_at.astimezone()
    cancelled = [_("CANCELLED")] if one.status is AppointmentStatus.CANCELLED else []
    return clean_line("  ".join([
        f"#{one.id}", *cancelled, local.strftime("%Y-%m-%d %H:%M"), f"{one.minutes}'",
        one.person, one.contact_name or one.contact_phone, one.subject, one.place,
        _("booked by {login}").format(login=one.booked_by)]))


@appointment.command("cancel")
@click.argument("appointment_id", type=click.IntRange(min=1), metavar="ID")
@click.option("--reason", default="", help=_("why it is called off"))
@click.pass_context
def cancel(ctx: click.Context, appointment_id: int, reason: str) -> None:
    """Call an appointment off (who booked it, the colleague met or a supervisor may): it
    stays listed as cancelled in the calendar export."""
    settings = settings_from(ctx)

    async def work(backend: Backend) -> Appointment:
        return await backend.domain(APPOINTMENTS).cancel_appointment(
            appointment_id, Cancel(by=settings.operator, reason=reason))

    click.echo(line(run_with_backend(settings, work)))


@appointment.command("move")
@click.argument("appointment_id", type=click.IntRange(min=1), metavar="ID")
@click.argument("when", nargs=-1, required=True)
@click.option("--minutes", type=click.IntRange(5, 8 * 60), default=None,
              help=_("a new length (else it keeps its own)"))
@click.pass_context
def move(ctx: click.Context, appointment_id: int, when: tuple[str, ...],
         minutes: int | None) -> None:
    """Move an appointment to another time, e.g. `move 7 2026-12-31 10:00` or `move 7
    tomorrow 15` (your time zone); refused when the colleague is taken then."""
    settings = settings_from(ctx)
    try:
        starts = parse_when(" ".join(when), datetime.now(UTC).astimezone(operator_zone()))
    except BackendError as exc:
        fail(exc)

    async def work(backend: Backend) -> Appointment:
        return await backend.domain(APPOINTMENTS).reschedule_appointment(
            appointment_id, Reschedule(by=settings.operator, starts_at=starts,
                                       minutes=minutes))

    click.echo(line(run_with_backend(settings, work)))
