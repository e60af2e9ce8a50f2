"""`centralino appointment list` on a real SQLite file: upcoming appointments of a colleague
printed, and written as an iCalendar file (private, readable back with the icalendar
library, text escaped, no control characters) (README, "Appointments")."""

from __future__ import annotations

import asyncio
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import AppointmentDraft
from backends.people.models import Operator
from backends.sqlite import SqliteBackend
from tests.cli.conftest import Invoke, assert_clean_failure

START = (datetime.now(UTC) + timedelta(days=5)).replace(hour=9, minute=0, second=0,
                                                        microsecond=0)


def _book(db_url: str) -> None:
    async def work() -> None:
        store = SqliteBackend(Path(db_url.removeprefix("sqlite:///")), region="IT")
        await store.open()
        try:
            for person, hour in (("Marco Bellini", 0), ("Emma Hughes", 2)):
                await store.domain(APPOINTMENTS).book_appointment(AppointmentDraft(
                    person=person, starts_at=START + timedelta(hours=hour), minutes=45,
                    subject="Fibre offer: visit, then contract; sign",
                    contact_name="Ada \x1b[31mRossi", contact_phone="+390612345671",
                    place="Via Roma 1, Roma", booked_by="anna"))
        finally:
            await store.close()

    asyncio.run(work())


def test_a_colleagues_appointments_listed_and_exported_as_ics(invoke: Invoke, db_url: str,
                                                              tmp_path: Path) -> None:
    assert invoke("db", "init").exit_code == 0
    _book(db_url)
    listed = invoke("appointment", "list", "--with", "Marco Bellini")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.count("\n") == 1 and "Marco Bellini" in listed.stdout
    assert "\x1b" not in listed.stdout and "booked by anna" in listed.stdout
    out = tmp_path / "marco.ics"
    written = invoke("appointment", "list", "--with", "Marco Bellini", "--ics", str(out))
    assert written.exit_code == 0 and "1 appointment(s) written" in written.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert b"\x1b" not in raw and b"\r\n" in raw
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert event.decoded("dtstart") == START
    assert event.decoded("duration") == timedelta(minutes=45)
    assert str(event.get("summary")).startswith("Fibre offer: visit, then contract; sign")
    assert str(event.get("location")) == "Via Roma 1, Roma"
    assert "With: Marco Bellini" in str(event.get("description"))
    everyone = invoke("appointment", "list")
    assert everyone.stdout.count("\n") == 2


def test_a_symlinked_ics_path_is_refused(invoke: Invoke, db_url: str, tmp_path: Path) -> None:
    assert invoke("db", "init").exit_code == 0
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "cal.ics"
    link.symlink_to(target)
    assert_clean_failure(invoke("appointment", "list", "--ics", str(link)), "ics")
    assert target.read_text(encoding="utf-8") == "keep"


def _operator(db_url: str, name: str) -> None:
    async def work() -> None:
        store = SqliteBackend(Path(db_url.removeprefix("sqlite:///")), region="IT")
        await store.open()
        try:
            await store.people.upsert_operator(Operator(name=name))
        finally:
            await store.close()

    asyncio.run(work())


def test_cancel_and_move_from_the_cli_reach_the_calendar_file(invoke: Invoke, db_url: str,
                                                              tmp_path: Path) -> None:
    assert invoke("db", "init").exit_code == 0
    _book(db_url)
    _operator(db_url, "anna")
    listed = invoke("appointment", "list").stdout.splitlines()
    first, second = (int(row.split()[0].lstrip("#")) for row in listed)
    refused = invoke("--operator", "bruno", "appointment", "cancel", str(first))
    assert_clean_failure(refused)
    cancelled = invoke("--operator", "anna", "appointment", "cancel", str(first),
                       "--reason", "customer called")
    assert cancelled.exit_code == 0, cancelled.stderr
    assert "CANCELLED" in cancelled.stdout
    day = (START + timedelta(days=1)).astimezone()
    moved = invoke("--operator", "anna", "appointment", "move", str(second),
                   day.strftime("%Y-%m-%d"), day.strftime("%H:%M"))
    assert moved.exit_code == 0, moved.stderr
    # the plain list leaves the cancelled one out; the calendar file carries it, cancelled
    assert invoke("appointment", "list").stdout.count("\n") == 1
    out = tmp_path / "all.ics"
    assert invoke("appointment", "list", "--ics", str(out)).exit_code == 0
    events = {str(e.get("uid")): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    off = events[f"appointment-{first}@centralino"]
    later = events[f"appointment-{second}@centralino"]
    assert (str(off.get("status")), int(off.get("sequence"))) == ("CANCELLED", 1)
    assert (str(later.get("status")), int(later.get("sequence"))) == ("CONFIRMED", 1)
    assert later.decoded("dtstart") == START + timedelta(days=1)
