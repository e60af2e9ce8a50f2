"""The ticket editor's save as one use case: the changed fields and the note typed with them
(before: update_ticket + add_ticket_entry + list_ticket_entries). On SQLite one transaction; on
RT two requests in order (RT's REST cannot do both in one), the update first.

Run on every backend: sqlite, rt, rt_token, and http (one request, one transaction on the
server's SQLite).
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.errors import Conflict, Invalid, NotFound
from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges, TicketEntryDraft
from backends.tickets.models import EntryKind, TicketEntry, TicketPriority, TicketStatus
from tests.conformance.helpers import ticket
from tests.conftest import BACKEND_NAMES

BACKENDS = BACKEND_NAMES  # every module of tests/backend_factories


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    factory = importlib.import_module(f"tests.backend_factories.{request.param}")
    async with factory.make(tmp_path, request) as opened:
        yield opened


def note(body: str) -> TicketEntryDraft:
    return TicketEntryDraft(kind=EntryKind.NOTE, author="anna", body=body)


def notes(entries: list[TicketEntry]) -> list[tuple[str, str | None]]:
    return [(e.body, e.author) for e in entries if e.kind is EntryKind.NOTE]


async def test_save_changes_and_note_together(backend: Backend) -> None:
    created = await ticket(backend, "Router", body="first", author="anna")
    saved, entries = await backend.tickets.save_ticket(
        created.id, created.version,
        TicketChanges(priority=TicketPriority.HIGH, status=TicketStatus.OPEN),
        note("called back, still down"))
    assert saved.version > created.version
    assert saved.priority is TicketPriority.HIGH and saved.status is TicketStatus.OPEN
    assert notes(entries) == [("first", "anna"), ("called back, still down", "anna")]
    assert await backend.tickets.get_ticket(created.id) == saved
    assert entries == await backend.tickets.list_ticket_entries(created.id)


async def test_save_changes_without_a_note(backend: Backend) -> None:
    created = await ticket(backend, "Router", body="first", author="anna")
    saved, entries = await backend.tickets.save_ticket(created.id, created.version,
                                                       TicketChanges(subject="Router, again"))
    assert saved.subject == "Router, again"
    assert notes(entries) == [("first", "anna")]


async def test_a_blank_note_is_not_added(backend: Backend) -> None:
    """The editor skipped a note of blanks (the model refuses one; a caller may build it
    without validation)."""
    created = await ticket(backend, "Router", body="first", author="anna")
    saved, entries = await backend.tickets.save_ticket(created.id, created.version,
                                                       TicketChanges(subject="Router 2"),
                                                       TicketEntryDraft.model_construct(
                                                           kind=EntryKind.NOTE, author="anna",
                                                           body="  \n"))
    assert saved.subject == "Router 2"
    assert notes(entries) == [("first", "anna")]


async def test_a_note_alone_is_no_edit(backend: Backend) -> None:
    """Only a note: no version change (an entry is no edit), and the version given is not
    checked, as the editor never sent an update for a save without changed fields."""
    created = await ticket(backend, "Router", body="first", author="anna")
    edited = await backend.tickets.update_ticket(created.id, created.version,
                                                 TicketChanges(subject="Router 2"))
    saved, entries = await backend.tickets.save_ticket(created.id, created.version, TicketChanges(),
                                                       note("just a note"))
    assert saved.version == edited.version and saved.subject == "Router 2"
    assert notes(entries) == [("first", "anna"), ("just a note", "anna")]


async def test_a_stale_save_conflicts_and_writes_nothing(backend: Backend) -> None:
    created = await ticket(backend, "Router", body="first", author="anna")
    theirs = await backend.tickets.update_ticket(created.id, created.version,
                                                 TicketChanges(subject="Theirs"))
    with pytest.raises(Conflict) as info:
        await backend.tickets.save_ticket(
            created.id, created.version, TicketChanges(subject="Mine"), note("mine too")
        )
    assert info.value.current == theirs
    assert await backend.tickets.get_ticket(created.id) == theirs
    assert notes(await backend.tickets.list_ticket_entries(created.id)) == [("first", "anna")]


async def test_invalid_changes_write_nothing(backend: Backend) -> None:
    created = await ticket(backend, "Router", body="first", author="anna")
    with pytest.raises(Invalid):
        await backend.tickets.save_ticket(created.id, created.version,
                                          TicketChanges.model_construct(subject=""), note("lost"))
    assert await backend.tickets.get_ticket(created.id) == created
    assert notes(await backend.tickets.list_ticket_entries(created.id)) == [("first", "anna")]


async def test_save_of_no_ticket_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        await backend.tickets.save_ticket(999_999, 1, TicketChanges(subject="x"), note("y"))
    with pytest.raises(NotFound):
        await backend.tickets.save_ticket(999_999, 1, TicketChanges(), note("y"))
