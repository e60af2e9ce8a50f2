"""The demo data the switchboard shows (issue 19, item 6), seeded into a real SQLite file:
some colleagues are away or on do-not-disturb with a note, colleagues have (invented)
addresses for mailed messages, and departments have opening hours and Italian holidays."""

from __future__ import annotations

from pathlib import Path

from backends.people.models import DirectoryKind, Presence
from backends.sqlite import SqliteBackend
from console.demo_data import seed_demo


async def test_the_demo_directory_has_absent_colleagues_and_opening_hours(
        tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "demo.db")
    await backend.open()
    try:
        await seed_demo(backend, customers=20, seed=1, calls=3, tickets=3)
        entries = await backend.people.list_directory("")
    finally:
        await backend.close()
    people = [e for e in entries if e.kind is DirectoryKind.PERSON]
    absent = {e.presence for e in people if e.presence in (Presence.AWAY, Presence.DND)}
    assert absent == {Presence.AWAY, Presence.DND}
    assert all(e.presence_note for e in people if e.presence in absent)
    assert all(e.email and e.email.endswith("@example.com") for e in people)
    sales = next(e for e in entries if e.name == "Sales")
    assert sales.hours.startswith("mon-fri") and sales.holidays == "IT"
    assert sales.timezone == "Europe/Rome"
    part_time = [e for e in people if e.hours]  # working hours checked like a department's
    assert len(part_time) == 2 and all(e.holidays == "IT" for e in part_time)
