"""Ticket drafts are one operator's: the start-up recovery offers only the drafts this operator
wrote, even when another operator's drafts lie in the same folder (a folder shared by two logins
on a case-insensitive disk, or an older layout). Real SQLite file, nothing mocked."""

from __future__ import annotations

from pathlib import Path

from backends.tickets.inputs import TicketDraft
from screens.tickets.draft_recovery import DraftRecoveryDialog
from screens.tickets.drafts import Draft, DraftStore
from tests.ui.helpers import OPERATOR, make_app, sqlite_backend, started, wait_for


async def test_start_up_offers_only_this_operators_drafts(tmp_path: Path) -> None:
    backend = sqlite_backend(tmp_path / "console.db")
    await backend.open()
    try:
        mine = await backend.tickets.create_ticket(TicketDraft(subject="Mine"))
        theirs = await backend.tickets.create_ticket(TicketDraft(subject="Theirs"))
        folder = DraftStore(tmp_path / "drafts")
        folder.save(Draft(ticket_id=mine.id, base_version=1, operator=OPERATOR,
                          fields={"subject": "anna typed this"}))
        folder.save(Draft(ticket_id=theirs.id, base_version=1, operator="Anna",
                          fields={"subject": "another operator typed this"}))
        app = make_app(backend, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await started(pilot)
            await wait_for(pilot, lambda: isinstance(app.screen, DraftRecoveryDialog),
                           what="the recovery dialog")
            dialog = app.screen
            assert isinstance(dialog, DraftRecoveryDialog)
            assert [d.ticket_id for d in dialog.drafts] == [mine.id]
            await pilot.press("escape")
        # the other operator's draft is left alone, not offered, not discarded
        assert folder.load(f"ticket-{theirs.id}") is not None
    finally:
        await backend.close()
