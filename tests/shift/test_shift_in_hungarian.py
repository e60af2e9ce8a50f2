"""Issue 16's terminal test: the real `centralino` in a pty at 80x24 with `language = "hu"` in
its config file; after start, answer, ticket and wrap-up the screen holds none of a list of
English words the console would otherwise show."""

from __future__ import annotations

import re
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry, DirectoryKind
from backends.sqlite import SqliteBackend
from tests.shift.terminal import TerminalConsole
from tests.shift.test_scripted_shift import on_store

CALLER = "+36301234567"
# words of the English interface (labels, keys, states, titles) that a Hungarian screen of
# these steps must not show; whole words, case-sensitive as the interface writes them
ENGLISH = ("Available", "Queue", "Customer", "Ticket", "Transfer", "Lookup", "Search",
           "Help", "Commands", "Answer", "Hold", "On call", "Wrap-up", "wrap-up", "Subject",
           "Category", "Priority", "Status", "Save", "saved", "Note", "Notes", "Phone",
           "Language", "Consent", "Callbacks", "Messages", "Caller", "Wait", "unknown",
           "Connecting", "Outcome", "Resolved", "Information", "Escalate", "Pause", "none",
           "voice", "information", "normal", "new", "Sales", "department")


async def _seed(backend: SqliteBackend) -> None:
    await backend.customers.create_customer(CustomerDraft(name="Kovács Anna", phones=[CALLER],
                                                          language="hu"))
    await backend.calls.create_call(CallDraft(caller=CALLER, queue="general"))
    # a department is stored by its key and shown in the operator's language
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Sales", kind=DirectoryKind.DEPARTMENT, extension="210"))


def english_on(screen: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])",
                                                  screen)]


def test_a_shift_in_hungarian_shows_no_english(tmp_path: Path) -> None:
    db = tmp_path / "hu.db"
    on_store(db, _seed)
    config = tmp_path / "config.toml"
    config.write_text('language = "hu"\n', encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "CENTRALINO_CONFIG": str(config)}
    console = TerminalConsole(["--backend", f"sqlite:///{db}", "--operator", "anna"], env,
                              columns=80, lines=24)
    seen: dict[str, list[str]] = {}
    try:
        seen["start"] = english_on(console.shows("Elérhető", "Sor (1)"))
        console.press("f5")
        seen["answer"] = english_on(console.shows("Hívásban", "Kovács Anna"))
        console.press("f10")
        seen["transfer"] = english_on(console.shows("Értékesítés · osztály"))
        console.press("f9")
        console.type("Számlareklamáció")
        console.shows("Tárgy     Számlareklamáció")
        console.press("ctrl+s")
        seen["ticket"] = english_on(console.shows("Számlareklamáció", "mentve"))
        console.press("f8")
        seen["wrap-up"] = english_on(console.shows("Utómunka: hogyan végződött a hívás?"))
        console.press("enter")
        seen["after"] = english_on(console.shows("Elérhető", "Sor: nincs várakozó hívás"))
    finally:
        console.close()
    assert seen == {step: [] for step in seen}, seen
