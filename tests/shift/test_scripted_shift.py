"""A whole shift in a real terminal (issue 15): the real `centralino` in a pseudo-terminal, read
through a terminal emulator (tests/shift/terminal.py), on SQLite and through our server. After
each step the test reads the screen as the operator would, and counts the keys each task took
against the targets: answer and see the caller 1; ticket from the call at most 4 plus typing;
blind transfer at most 3 plus 2 letters; wrap-up at most 2.

The colleagues' side (a supervisor coming back, accepting an offer, new callers) is played by
the test on the same database file, as the simulator would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.sqlite import SqliteBackend
from backends.transfers.models import TransferStatus
from tests.http.harness import ServerProcess, provision
from tests.shift.terminal import TerminalConsole

MARIA = "+390612345678"


def on_store(db: Path, work: object) -> object:
    """Run `work(backend)` on the database file, as another process would."""
    async def run() -> object:
        async with SqliteBackend(db) as backend:
            return await work(backend)  # type: ignore[operator]

    return asyncio.run(run())


async def _seed(backend: SqliteBackend) -> None:
    await backend.customers.create_customer(CustomerDraft(name="Maria Rossi", phones=[MARIA]))
    await backend.customers.create_customer(CustomerDraft(name="Kovács Anna",
                                                          phones=["+36301234567"]))
    await backend.customers.create_customer(CustomerDraft(name="Ion Popescu",
                                                          phones=["+40712345678"]))
    await backend.people.upsert_operator(Operator(name="sara", display_name="Sara Verdi",
                                                  role=Role.SUPERVISOR,
                                                  presence=Presence.OFFLINE))
    for entry in (DirectoryEntry(name="Sales", kind=DirectoryKind.DEPARTMENT, extension="210"),
                  DirectoryEntry(name="sales", kind=DirectoryKind.QUEUE, department="Sales")):
        await backend.people.upsert_directory_entry(entry)
    await backend.calls.create_call(CallDraft(caller=MARIA, queue="general"))


def caller_waiting(db: Path, number: str) -> None:
    async def work(backend: SqliteBackend) -> None:
        await backend.calls.create_call(CallDraft(caller=number, queue="general"))

    on_store(db, work)


def sara_at_her_desk(db: Path) -> None:
    async def work(backend: SqliteBackend) -> None:
        await backend.people.set_presence("sara", Presence.AVAILABLE)

    on_store(db, work)


def sara_accepts(db: Path) -> None:
    async def work(backend: SqliteBackend) -> None:
        offered = await backend.transfers.list_transfers(target="sara",
                                                         status=TransferStatus.OFFERED)
        assert len(offered) == 1, offered
        await backend.transfers.respond_transfer(offered[0].id, True, "sara")

    on_store(db, work)


def luca_takes_the_sales_caller(db: Path) -> None:
    async def work(backend: SqliteBackend) -> None:
        await backend.people.upsert_operator(Operator(name="luca", display_name="Luca",
                                                      presence=Presence.AVAILABLE))
        [sales] = [c for c in await backend.calls.list_calls(states=[CallState.WAITING])
                   if c.queue == "sales"]
        await backend.calls.answer_call(sales.id, "luca")

    on_store(db, work)


def calls_of(db: Path) -> list[tuple[str, str, str, str | None]]:
    """(caller, queue, state, operator) of every call."""
    async def work(backend: SqliteBackend) -> list[tuple[str, str, str, str | None]]:
        return [(c.caller, c.queue, c.state.value, c.operator)
                for c in await backend.calls.list_calls(limit=50)]

    return on_store(db, work)  # type: ignore[return-value]


@pytest.fixture(params=["sqlite", "server"])
def console_args(request: pytest.FixtureRequest,
                 tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    db = tmp_path / "shift.db"
    on_store(db, _seed)
    if request.param == "sqlite":
        yield db, ["--backend", f"sqlite:///{db}", "--operator", "anna"]
        return
    tokens = provision(db, {"anna": Role.OPERATOR})
    server = ServerProcess(db).start()
    try:
        yield db, ["--backend", server.url, "--token", tokens["anna"], "--operator", "anna"]
    finally:
        server.stop()


def start(args: list[str], tmp_path: Path, *ready: str) -> TerminalConsole:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "CENTRALINO_CONFIG": str(tmp_path / "none.toml")}
    console = TerminalConsole(args, env)
    console.shows("Queue", *(ready or ("Available",)))
    return console


def test_a_whole_shift(console_args: tuple[Path, list[str]], tmp_path: Path) -> None:
    db, args = console_args
    console = start(args, tmp_path)
    try:
        # answer with the lookup focused: one key, and the caller's record is in front
        console.press("f3")
        console.type("zzz")
        before = console.keys
        console.press("f5")
        console.shows("Maria Rossi", "+39 06 1234 5678", "On call")
        assert console.keys - before == 1

        # correct the caller's record: the company, from the 360 view
        console.press("ctrl+e")
        console.shows("Edit customer")
        console.press("tab", "tab", "tab")
        console.type("Rossi Srl")
        console.press("ctrl+s")
        console.shows("Rossi Srl")
        # no wait for the form to close: keys typed while it saves wait for it
        # (console/held_keys.py, `holding_keys`), as an operator types on at once

        # a ticket from the call, with its note: F9, Enter to the note, Ctrl+S
        before = console.keys
        console.press("f9")
        console.type("Double charge on the bill")
        console.press("enter")
        console.type("Asks for a refund of the second charge")
        console.press("ctrl+s")
        console.shows("Double charge on the bill", "refund of the second charge")
        assert console.keys - before <= 4

        # escalation while the only supervisor is offline: refused at once, call kept
        console.press("f10", "ctrl+t")
        console.shows("offline")
        assert (MARIA, "general", "active", "anna") in calls_of(db)

        # the supervisor is back: the escalation is offered to her and she takes it
        sara_at_her_desk(db)
        console.press("f10", "ctrl+t")
        console.shows("Waiting for")
        sara_accepts(db)
        console.shows("Transferred")  # the wrap-up, "Transferred" highlighted
        console.pump(0.5)  # the operator reads it
        before = console.keys
        console.press("enter")
        console.shows("Available")
        assert console.keys - before <= 2

        # the next caller: a blind transfer to the Sales department in 2 keys and 2 letters
        caller_waiting(db, "+36301234567")
        console.shows("+36 30 123 4567")
        console.press("f5")
        console.shows("On call", "Kovács Anna")
        before = console.keys
        console.press("f10")
        console.type("Sa")
        console.press("enter")
        console.shows("Transferred")
        assert console.keys - before <= 3
        console.pump(0.5)
        console.press("enter")
        console.shows("Available")
        assert ("+36301234567", "sales", "waiting", None) in calls_of(db)
        luca_takes_the_sales_caller(db)  # Sales answers its queue

        # a pause and back
        console.press("f2")
        console.press("enter")  # the highlighted reason
        console.shows("Paused")
        console.press("f2")
        console.shows("Available")

        # quitting with a call in hand asks first; Enter stays
        caller_waiting(db, "+40712345678")
        console.shows("+40 712 345 678")
        console.press("f5")
        console.shows("On call", "Ion Popescu")
        console.press("ctrl+q")
        console.shows("Quit anyway")
        console.press("enter")
        console.gone("Quit anyway")
        console.press("ctrl+q")
        console.shows("Quit anyway")
        console.press("ctrl+q")
        assert console.exited() == 0
    finally:
        console.close()
    assert ("+40712345678", "general", "active", "anna") in calls_of(db)  # left open

    # the next start offers the call back; Enter resumes it where it was
    console = start(args, tmp_path, "A call was left open")
    try:
        console.press("enter")
        console.shows("On call", "+40 712 345 678")
    finally:
        console.close()
