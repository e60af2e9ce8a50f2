"""The console's drafts folder is per backend as well as per login: a draft of ticket 1 typed
against one database is not offered on ticket 1 of another, and drafts an older version kept
per login only (drafts/<login>/) are moved in, not lost. Real SQLite files, the real settings
loader and the folder the `centralino` start-up uses (console.cli_run.drafts_folder); the user
data folder is a per-test one (conftest). Nothing is mocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.tickets.inputs import TicketDraft
from console import paths
from console.cli_run import drafts_folder
from console.settings import load_settings
from screens.tickets.draft_recovery import DraftRecoveryDialog
from screens.tickets.drafts import Draft, DraftStore
from tests.ui.helpers import OPERATOR, sqlite_backend, started, wait_for


def folder_for(backend: str) -> Path:
    """The drafts folder `centralino --backend <backend> --operator anna` starts with."""
    return drafts_folder(load_settings(backend=backend, operator=OPERATOR))


async def offered_at_start(db: Path, drafts: Path) -> list[int | None]:
    """Start the console on `db` with `drafts`; the ticket ids its recovery dialog offers."""
    from console.app import CentralinoApp

    app = CentralinoApp(sqlite_backend(db), OPERATOR, cursor_blink=False, drafts_dir=drafts)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        # the offer runs in the "drafts" worker, started once the backend is ready
        await wait_for(pilot, lambda: isinstance(app.screen, DraftRecoveryDialog) or not any(
            w.group == "drafts" and not w.is_finished for w in app.workers), what="the offer")
        if not isinstance(app.screen, DraftRecoveryDialog):
            return []
        offered = [d.ticket_id for d in app.screen.drafts]
        await pilot.press("escape")
        return offered


async def one_ticket(db: Path, subject: str) -> int:
    backend = sqlite_backend(db)
    await backend.open()
    try:
        return (await backend.tickets.create_ticket(TicketDraft(subject=subject))).id
    finally:
        await backend.close()


async def test_a_draft_typed_on_one_database_is_not_offered_on_another(tmp_path: Path) -> None:
    first, second = tmp_path / "north" / "lab.db", tmp_path / "south" / "lab.db"
    for db in (first, second):
        db.parent.mkdir()
    ticket = await one_ticket(first, "North customer")
    assert await one_ticket(second, "South customer") == ticket  # the same number in both
    DraftStore(folder_for(str(first))).save(Draft(
        ticket_id=ticket, base_version=1, operator=OPERATOR,
        fields={"subject": "for the north customer only"}))
    assert folder_for(str(first)) != folder_for(str(second))
    assert DraftStore(folder_for(str(second))).pending(operator=OPERATOR) == []
    assert await offered_at_start(second, folder_for(str(second))) == []
    # the draft is still there, and offered where it was typed
    assert await offered_at_start(first, folder_for(str(first))) == [ticket]


async def test_one_database_reached_by_two_spellings_keeps_its_drafts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "lab.db"
    ticket = await one_ticket(db, "Customer")
    DraftStore(folder_for(str(db))).save(Draft(ticket_id=ticket, base_version=1,
                                               operator=OPERATOR, fields={"subject": "typed"}))
    monkeypatch.chdir(tmp_path)
    for spelling in ("lab.db", "./lab.db", f"sqlite:///{db}"):
        assert folder_for(spelling) == folder_for(str(db)), spelling
    assert await offered_at_start(db, folder_for("./lab.db")) == [ticket]


def legacy_folder() -> Path:
    """Where the previous version kept anna's drafts: drafts/<login>/, for every backend."""
    return paths.drafts_dir() / OPERATOR


async def test_drafts_of_the_older_layout_are_still_offered(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    ticket = await one_ticket(db, "Customer")
    DraftStore(legacy_folder()).save(Draft(ticket_id=ticket, base_version=1, operator=OPERATOR,
                                           fields={"subject": "typed before the upgrade"}))
    (legacy_folder() / "notes.txt").write_text("not a draft")  # not ours: left where it is
    folder = folder_for(str(db))
    assert folder != legacy_folder()
    assert await offered_at_start(db, folder) == [ticket]
    draft = DraftStore(folder).load(f"ticket-{ticket}")
    assert draft is not None and draft.fields["subject"] == "typed before the upgrade"
    assert sorted(p.name for p in legacy_folder().iterdir()) == ["notes.txt"]
    # moved once: the next backend this login opens is not offered them again
    other = tmp_path / "other.db"
    assert DraftStore(folder_for(str(other))).pending() == []
    assert DraftStore(folder).load(f"ticket-{ticket}") is not None


def test_an_older_draft_never_replaces_one_already_in_the_new_folder(tmp_path: Path) -> None:
    db = str(tmp_path / "lab.db")
    folder = folder_for(db)
    DraftStore(folder).save(Draft(ticket_id=1, operator=OPERATOR, fields={"subject": "newer"}))
    old = DraftStore(legacy_folder())
    old.save(Draft(ticket_id=1, operator=OPERATOR, fields={"subject": "older"}))
    old.save(Draft(ticket_id=2, operator=OPERATOR, fields={"subject": "only old"}))
    again = folder_for(db)  # the next start
    assert again == folder
    new = DraftStore(folder)
    assert {d.key: d.fields["subject"] for d in new.pending()} == {
        "ticket-1": "newer", "ticket-2": "only old"}
    kept = old.load("ticket-1")  # not lost: it waits where it was
    assert kept is not None and kept.fields["subject"] == "older"
    assert old.load("ticket-2") is None
    # once the newer one is saved (its draft discarded), the older one comes in on next start
    new.discard("ticket-1")
    folder_for(db)
    moved = new.load("ticket-1")
    assert moved is not None and moved.fields["subject"] == "older"
    assert not legacy_folder().exists()  # emptied, so removed
