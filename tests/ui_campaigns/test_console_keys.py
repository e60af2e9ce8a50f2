"""The operator console's keys into outbound work, on a real SQLite file, from the keyboard at
80x24: a supervisor opens the campaign view with its key (shown in the footer only for
supervisors and admins) and Esc comes back; the colleague met sees the appointments booked
with them (by display name), moves one and calls another off, and sees those they booked
(README, "Appointments", "Campaigns")."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import AppointmentDraft, Cancel, Reschedule
from backends.appointments.models import AppointmentStatus
from backends.people.models import Operator, Role
from backends.protocol import Backend
from screens.campaigns.appointments_screen import AppointmentsScreen
from screens.campaigns.supervisor_screen import CampaignsScreen
from screens.main_screen import MainScreen
from tests.ui.helpers import OPERATOR, make_app, screen_text, seed_basic, sqlite_backend, started
from tests.ui_lab.harness import type_text, wait_for

SOON = (datetime.now(UTC) + timedelta(days=3)).replace(hour=9, minute=0, second=0,
                                                       microsecond=0)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def signed_in_as(store: Backend, role: Role) -> None:
    await store.people.upsert_operator(Operator(name=OPERATOR, display_name="Anna Bianchi",
                                                role=role))


def footer(pilot: Pilot[Any]) -> str:
    return screen_text(pilot.app).splitlines()[-1]


async def test_a_supervisor_opens_the_campaign_view_and_comes_back(store: Backend,
                                                                   tmp_path: Path) -> None:
    await signed_in_as(store, Role.SUPERVISOR)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: "Campaigns" in footer(pilot), "the key in the footer")
        await pilot.press("ctrl+a")
        await wait_for(pilot, lambda: isinstance(app.screen, CampaignsScreen),
                       "the campaign view")
        await wait_for(pilot, lambda: "No campaign yet" in screen_text(app), "its status")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the console")


async def test_an_operator_has_no_campaign_key(store: Backend, tmp_path: Path) -> None:
    await signed_in_as(store, Role.OPERATOR)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        assert "Campaigns" not in footer(pilot)
        await pilot.press("ctrl+a")
        await pilot.pause(0.3)
        assert isinstance(app.screen, MainScreen)


async def test_the_colleague_moves_and_calls_off_their_appointments(store: Backend,
                                                                    tmp_path: Path) -> None:
    await signed_in_as(store, Role.OPERATOR)
    await store.people.upsert_operator(Operator(name="bruno"))
    desk = store.domain(APPOINTMENTS)
    first, second = [await desk.book_appointment(AppointmentDraft(
        person="anna bianchi", starts_at=SOON + timedelta(hours=hours), subject=subject,
        contact_name="Ada Rossi", booked_by="bruno")) for hours, subject in (
            (0, "Fibre offer: visit"), (2, "Contract signing"))]
    mine = await desk.book_appointment(AppointmentDraft(
        person="Marco Bellini", starts_at=SOON, subject="Booked by me", booked_by=OPERATOR))
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("shift+f4")
        await wait_for(pilot, lambda: isinstance(app.screen, AppointmentsScreen)
                       and len(app.screen.shown) == 2, "the appointments with me")
        text = screen_text(app)
        assert "Fibre offer: visit" in text and "Contract signing" in text
        assert "Booked by me" not in text
        # M on the first: a new time typed, Enter moves it
        await pilot.press("m")
        new_time = SOON + timedelta(days=1, hours=1)
        await type_text(pilot, new_time.strftime("%Y-%m-%d %H"))
        await pilot.press("colon", *new_time.strftime("%M"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "moved to" in screen_text(app), "moved")
        assert (await desk.get_appointment(first.id)).starts_at == new_time
        # C twice on the one now first (the second, earlier now): called off
        screen = app.screen
        assert isinstance(screen, AppointmentsScreen)
        await wait_for(pilot, lambda: [a.id for a in screen.shown] == [second.id, first.id],
                       "the new order")
        await pilot.press("c")
        assert (await desk.get_appointment(second.id)).status is AppointmentStatus.BOOKED
        await pilot.press("c")
        await wait_for(pilot, lambda: [a.id for a in screen.shown] == [first.id],
                       "the cancelled one gone")
        done = await desk.get_appointment(second.id)
        assert (done.status, done.cancelled_by) == (AppointmentStatus.CANCELLED, OPERATOR)
        # B: those I booked
        await pilot.press("b")
        await wait_for(pilot, lambda: [a.id for a in screen.shown] == [mine.id],
                       "booked by me")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the console")


@pytest.mark.parametrize("role", [Role.SUPERVISOR])
def test_supervisor_console_snapshot(snap_compare: Any, tmp_path: Path, role: Role) -> None:
    """The supervisor's idle console at 80x24: the campaigns key in the footer."""
    import asyncio

    path = tmp_path / "snap.db"

    async def seed() -> None:
        backend = sqlite_backend(path)
        await backend.open()
        try:
            await seed_basic(backend)
            await signed_in_as(backend, role)
        finally:
            await backend.close()

    asyncio.run(seed())

    async def idle(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await wait_for(pilot, lambda: "Campaigns" in footer(pilot), "the key in the footer")

    app = make_app(sqlite_backend(path), tmp_path, opened=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=idle)


async def test_the_palette_does_not_open_the_campaign_view_for_an_operator(
        store: Backend, tmp_path: Path) -> None:
    await signed_in_as(store, Role.OPERATOR)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        # what the command palette does: Textual's run_action asks check_action first
        await app.run_action("screen.campaigns")
        await pilot.pause(0.3)
        assert isinstance(app.screen, MainScreen)


async def test_the_people_an_appointment_concerns_are_told_of_its_changes(
        store: Backend, tmp_path: Path) -> None:
    await signed_in_as(store, Role.OPERATOR)
    await store.people.upsert_operator(Operator(name="bruno"))
    await store.people.upsert_operator(Operator(name="marco", display_name="Marco Bellini"))
    desk = store.domain(APPOINTMENTS)
    app = make_app(store, tmp_path)

    def told(words: str) -> bool:
        return any(words in str(n.message) for n in app._notifications)

    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        # booked with me (by my display name) by someone else
        await desk.book_appointment(AppointmentDraft(
            person="Anna Bianchi", starts_at=SOON, subject="visit", booked_by="bruno"))
        await wait_for(pilot, lambda: told("bruno booked an appointment with you"), "told")
        # one I booked, moved by the colleague met
        mine = await desk.book_appointment(AppointmentDraft(
            person="Marco Bellini", starts_at=SOON, subject="visit", booked_by=OPERATOR))
        await desk.reschedule_appointment(mine.id, Reschedule(
            by="marco", starts_at=SOON + timedelta(hours=3)))
        await wait_for(pilot, lambda: told(
            "marco moved the appointment you booked with Marco Bellini"), "told of the move")
        # what I do myself is not told back to me
        await desk.cancel_appointment(mine.id, Cancel(by=OPERATOR))
        await pilot.pause(0.5)
        assert not told("called off")
