"""Hostile text from customers, colleagues and the directory is shown literally: no markup
actions, no terminal escapes, no bidi tricks; the app keeps running."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, DirectoryKind
from backends.protocol import Backend
from backends.tickets.inputs import TicketDraft, TicketEntryDraft
from backends.transfers.models import Transfer, TransferKind
from screens.transfers.transfer_offer import TransferOfferDialog
from tests.ui_tickets.harness import HOSTILE, EditorApp, PanelApp, until

SAFE_HOSTILE_MARKERS = ("[@click=app.quit]", "[bold")


def _assert_literal(text: str) -> None:
    for marker in SAFE_HOSTILE_MARKERS:
        assert marker in text, f"{marker!r} not shown literally in {text!r}"
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\u241b" in text  # ESC made visible, not hidden


def _screen_text(app: EditorApp) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


async def test_hostile_ticket_and_customer_in_the_editor(store: Backend, tmp_path: Path) -> None:
    customer = await store.customers.create_customer(CustomerDraft(name=HOSTILE))
    ticket = await store.tickets.create_ticket(TicketDraft(subject=HOSTILE, customer_id=customer.id,
                                                           body=HOSTILE, author="mallory"))
    await store.tickets.add_ticket_entry(ticket.id, TicketEntryDraft(body=HOSTILE + "\nline two"))
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket.id)
        await until(pilot, lambda: editor.ticket is not None, "loaded")
        await pilot.pause()
        subject = editor.query_one("#subject", Input).value
        assert "[@click=app.quit]" in subject and "\x1b" not in subject
        _assert_literal(str(editor.query_one("#ticket-entries-text", Static).render()))
        assert "[@click=app.quit]" in str(editor.query_one("#ticket-header", Static).render())
        await pilot.click("#ticket-header")
        await pilot.click("#ticket-entries-text")
        await pilot.pause()
        assert app.is_running
        # saving without touching anything writes nothing back (no sanitised copy stored)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.messages, "saved")
    assert (await store.tickets.get_ticket(ticket.id)).subject == HOSTILE.strip()
    assert (await store.tickets.get_ticket(ticket.id)).version == ticket.version


async def test_hostile_directory_names_in_the_transfer_panel(store: Backend,
                                                             tmp_path: Path) -> None:
    await store.people.upsert_directory_entry(DirectoryEntry(name=HOSTILE[:120],
                                                             kind=DirectoryKind.DEPARTMENT,
                                                             department=HOSTILE[:120]))
    customer = await store.customers.create_customer(CustomerDraft(name="Ok"))
    call = await store.calls.create_call(CallDraft(caller="+39021234567", customer_id=customer.id))
    call = await store.calls.claim_call(call.id, "anna")
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        app.panel.set_call(call, None)
        option_list = app.query_one("#transfer-directory", OptionList)
        await until(pilot, lambda: option_list.option_count == 1, "listed")
        shown = str(option_list.get_option_at_index(0).prompt)
        assert "[@click=app.quit]" in shown and "\x1b" not in shown and "\u202e" not in shown
        await pilot.click("#transfer-directory")
        await pilot.pause()
        assert app.is_running
        await pilot.press("[", "@", "enter")  # filter text is searched literally
        await until(pilot, lambda: app.messages, "transferred")
    assert app.messages[-1].transfer.target == HOSTILE[:120].strip()


async def test_transfer_offer_dialog_shows_everything_literally_and_answers(
        store: Backend, tmp_path: Path) -> None:
    customer = await store.customers.create_customer(CustomerDraft(name="Ok"))
    call = await store.calls.create_call(CallDraft(caller="+39021234567", customer_id=customer.id))
    ticket = await store.tickets.create_ticket(TicketDraft(subject=HOSTILE))
    transfer = Transfer(id=7, call_id=call.id, from_operator="luca", target="anna",
                        kind=TransferKind.WARM, note=HOSTILE + "\nsecond line",
                        ticket_id=ticket.id)
    app = EditorApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        answers: list[bool | None] = []
        for count, key in enumerate(("a", "d"), start=1):
            app.push_screen(TransferOfferDialog(transfer, call, ticket), answers.append)
            await pilot.pause()
            text = _screen_text(app)
            _assert_literal(text)
            assert "luca" in text and ticket.ref in text and "+39021234567" in text
            assert "second line" in text
            await pilot.press(key)
            await until(pilot, lambda n=count: len(answers) == n, "answered")
        assert answers == [True, False]
        app.push_screen(TransferOfferDialog(transfer, call, None), answers.append)
        await pilot.pause()
        await pilot.press("escape")  # escape declines: never accept by accident
        await until(pilot, lambda: len(answers) == 3, "answered")
        assert answers[-1] is False and app.is_running
