"""Transfer panel: filter as you type, blind / queue / announced transfers and escalation,
answered from a second backend on the same SQLite file (the colleague's console)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from backends.calls.models import CallState
from backends.protocol import Backend
from backends.tickets.inputs import TicketDraft
from backends.transfers.models import TransferKind, TransferStatus
from screens.transfers.transfer_panel import TransferPanel
from tests.ui_tickets.harness import PanelApp, seed_call, seed_directory, until


def _shown(app: PanelApp) -> list[str]:
    option_list = app.query_one("#transfer-directory", OptionList)
    return [str(option_list.get_option_at_index(i).prompt)
            for i in range(option_list.option_count)]


def _status(app: PanelApp) -> str:
    return str(app.query_one("#transfer-status").render())


async def test_two_letters_and_enter_blind_transfer_to_a_department(
        store: Backend, tmp_path: Path) -> None:
    await seed_directory(store)
    call, customer = await seed_call(store)
    ticket = await store.tickets.create_ticket(TicketDraft(subject="Quote", customer_id=customer.id,
                                                           call_id=call.id))
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.set_call(call, ticket.id)
        # five directory entries and one colleague (sara; anna is me)
        await until(pilot, lambda: len(_shown(app)) == 6, "directory listed")
        assert app.focused is panel.query_one("#transfer-filter", Input)
        await pilot.press("s", "a")
        await until(pilot, lambda: panel.shown_query == "sa", "filtered")
        shown = _shown(app)
        assert len(shown) == 3
        assert "Sales · department" in shown[0]
        assert "sara · colleague · Sara Boss" in shown[1]
        assert "Luca Bianchi" in shown[2]  # matched by his department
        panel.query_one("#transfer-note", Input).value = "wants a quote for 20 desks"
        panel.focus_filter()
        await pilot.press("enter")
        await until(pilot, lambda: app.messages, "transferred")

    transfer = app.messages[-1].transfer
    assert isinstance(app.messages[-1], TransferPanel.Transferred)
    assert (transfer.kind, transfer.target, transfer.status) == (
        TransferKind.BLIND, "Sales", TransferStatus.ACCEPTED)
    assert (await store.calls.get_call(call.id)).state is CallState.TRANSFERRED
    waiting = await store.calls.list_calls(states=[CallState.WAITING])
    assert len(waiting) == 1
    assert (waiting[0].queue, waiting[0].handover_note, waiting[0].customer_id) == (
        "Sales", "wants a quote for 20 desks", customer.id)
    assert ticket.id in waiting[0].ticket_ids


async def test_enter_before_the_list_caught_up_uses_the_fresh_match(
        store: Backend, tmp_path: Path) -> None:
    """Keys only: 's', 'u', Enter in one go (the main screen's key opened the panel)."""
    await seed_directory(store)
    call, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        app.panel.set_call(call, None)
        await pilot.press("s", "u", "enter")
        await until(pilot, lambda: app.messages, "transferred")
        assert "Support" in _status(app)
    assert app.messages[-1].transfer.target == "Support"


async def test_queue_entry_makes_a_queue_transfer(store: Backend, tmp_path: Path) -> None:
    await seed_directory(store)
    call, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        app.panel.set_call(call, None)
        await pilot.press("b", "i", "enter")
        await until(pilot, lambda: app.messages, "transferred")
    transfer = app.messages[-1].transfer
    assert (transfer.kind, transfer.target) == (TransferKind.QUEUE, "Billing")
    waiting = await store.calls.list_calls(states=[CallState.WAITING])
    assert [c.queue for c in waiting] == ["Billing"]


async def test_announced_transfer_accepted(store: Backend, other: Backend,
                                           tmp_path: Path) -> None:
    await seed_directory(store)
    call, customer = await seed_call(store)
    ticket = await store.tickets.create_ticket(
        TicketDraft(subject="Contract", customer_id=customer.id)
    )
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.set_call(call, ticket.id)
        await pilot.press(*"luca")
        await until(pilot, lambda: panel.shown_query == "luca", "filtered")
        panel.query_one("#transfer-note", Input).value = "renewal question"
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Waiting for Luca Bianchi" in _status(app), "pending shown")
        assert not app.messages

        offered = await other.transfers.list_transfers(target="Luca Bianchi",
                                                       status=TransferStatus.OFFERED)
        assert len(offered) == 1
        assert (offered[0].note, offered[0].ticket_id, offered[0].kind) == (
            "renewal question", ticket.id, TransferKind.WARM)
        mark = await store.feed.last_event_id()
        await other.transfers.respond_transfer(offered[0].id, True, by="Luca Bianchi")
        # the main screen forwards the change feed; the answer shows without waiting for a poll
        for event in await store.feed.read_events(after_id=mark):
            panel.on_backend_event(event)
        await until(pilot, lambda: app.messages, "outcome")
        assert "accepted" in _status(app)
    assert isinstance(app.messages[-1], TransferPanel.Transferred)
    assert (await store.calls.get_call(call.id)).state is CallState.TRANSFERRED
    taken = await store.calls.list_calls(operator="Luca Bianchi")
    assert [(c.state, c.handover_note) for c in taken] == [(CallState.ACTIVE,
                                                            "renewal question")]


async def test_announced_transfer_declined(store: Backend, other: Backend,
                                           tmp_path: Path) -> None:
    await seed_directory(store)
    call, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.set_call(call, None)
        await pilot.press(*"paola", "ctrl+o")
        await until(pilot, lambda: "Waiting for Paola Verdi" in _status(app), "pending")
        offered = await other.transfers.list_transfers(target="Paola Verdi")
        await other.transfers.respond_transfer(offered[0].id, False, by="Paola Verdi")
        # no event forwarded here: the panel's own poll notices the answer
        await until(pilot, lambda: app.messages, "outcome", steps=300)
        assert "declined" in _status(app)
        assert any(s == "warning" and "declined" in m for s, m in app.notes)
    assert isinstance(app.messages[-1], TransferPanel.Declined)
    again = await store.calls.get_call(call.id)
    assert (again.state, again.operator) == (CallState.ACTIVE, "anna")


async def test_escalation_to_a_supervisor(store: Backend, other: Backend,
                                          tmp_path: Path) -> None:
    await seed_directory(store)
    call, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.set_call(call, None)
        panel.query_one("#transfer-note", Input).value = "angry, wants a manager"
        await pilot.press("ctrl+t")
        await until(pilot, lambda: "Waiting for sara" in _status(app), "pending")
        offered = await other.transfers.list_transfers(target="sara", status=TransferStatus.OFFERED)
        assert [(t.kind, t.note) for t in offered] == [(TransferKind.ESCALATION,
                                                        "angry, wants a manager")]
        await other.transfers.respond_transfer(offered[0].id, True, by="sara")
        await until(pilot, lambda: app.messages, "outcome", steps=300)
    assert isinstance(app.messages[-1], TransferPanel.Transferred)
    assert [c.state for c in await store.calls.list_calls(operator="sara")] == [CallState.ACTIVE]


async def test_no_call_and_backend_errors_are_notified(store: Backend, tmp_path: Path) -> None:
    await seed_directory(store)
    call, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert any("no call" in m for _s, m in app.notes)
        # a call that ended meanwhile: the backend refuses, the panel says so and lives on
        await store.calls.set_call_state(call.id, CallState.WRAP_UP)
        app.panel.set_call(call, None)
        await pilot.press("s", "a", "enter")
        await until(pilot, lambda: any(s == "error" for s, _m in app.notes), "refused")
        assert app.is_running and not app.messages


async def test_next_call_starts_with_a_clean_panel(store: Backend, tmp_path: Path) -> None:
    await seed_directory(store)
    first, _customer = await seed_call(store)
    app = PanelApp(store, tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        panel.set_call(first, None)
        await pilot.press("s", "a", "enter")
        await until(pilot, lambda: app.messages, "first transferred")
        second, _customer = await seed_call(store, name="Giulia Neri")
        panel.set_call(second, None)  # the main screen's transfer key, next call
        assert panel.query_one("#transfer-filter", Input).value == ""
        assert "Transfer" in str(panel.query_one("#transfer-header").render())
        await pilot.press("s", "u", "enter")
        await until(pilot, lambda: len(app.messages) == 2, "second transferred")
    assert [m.transfer.target for m in app.messages] == ["Sales", "Support"]
    assert app.messages[1].transfer.call_id == second.id
