"""Issue 16: the demo directory's departments are read in the operator's language while their
stored names stay the keys transfers, messages and the lab's answers route by: the catalogs
have every department of the demo files, the switchboard's rows and the training lab's
transfer prompt show the translation and find either form."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from textual.app import App
from textual.widgets import OptionList

from backends import i18n
from backends.people.models import DirectoryEntry, DirectoryKind, Presence
from console.language import activate_language
from console.paths import data_root
from console.queues import DEPARTMENT_NAMES, load_queues
from screens.common.directory_names import department_name
from screens.common.render import name_queues
from screens.switchboard.directory_rows import all_rows, asked_for, matching
from screens.training.choice_prompt import ChoicePrompt
from screens.training.choices import DEPARTMENTS

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.activate("en", None)


def _demo_departments() -> set[str]:
    spec = json.loads((data_root() / "demo" / "directory.json").read_text(encoding="utf-8"))
    return ({d["name"] for d in spec["departments"]} | {c[1] for c in spec["colleagues"]}
            | {q.department for q in load_queues() if q.department})


def test_every_demo_department_is_marked_for_the_catalogs() -> None:
    assert set(DEPARTMENT_NAMES) == _demo_departments()


@pytest.mark.parametrize("language", ["hu", "ro"])
def test_every_department_is_translated(language: str) -> None:
    activate_language(language)
    for name in {*_demo_departments(), *DEPARTMENTS}:
        assert department_name(name) != name, name
    assert department_name("Ufficio Acme") == "Ufficio Acme"  # an organisation's own: as is


def test_the_switchboard_shows_the_translation_and_finds_both() -> None:
    activate_language("hu")
    rows = all_rows([], [
        DirectoryEntry(name="Sales", kind=DirectoryKind.DEPARTMENT, extension="210"),
        DirectoryEntry(name="Luca Bianchi", kind=DirectoryKind.PERSON, department="Sales",
                       extension="211", presence=Presence.AVAILABLE)], NOW)
    sales, luca = rows
    assert (sales.name, sales.label) == ("Sales", "Értékesítés")  # the key is the target
    assert luca.department == "Értékesítés"
    assert [r.name for r in matching(rows, "ertekesites")] == ["Sales", "Luca Bianchi"]
    assert [r.name for r in matching(rows, "sales")] == ["Sales", "Luca Bianchi"]
    # the screen pop finds whom the caller asks for, written either way
    assert asked_for("Kéri: Értékesítés", rows) == "Értékesítés"
    assert asked_for("Asks for Sales", rows) == "Értékesítés"


def test_a_queue_reads_by_its_display_name_and_is_found_by_it() -> None:
    """The directory keeps a queue by its id; the switchboard shows and finds the queue's
    display name in the operator's language (it showed "administration")."""
    activate_language("it")
    name_queues({queue.id: queue.name for queue in load_queues()})
    (billing,) = all_rows([], [DirectoryEntry(name="billing", kind=DirectoryKind.QUEUE,
                                              extension="320")], NOW)
    assert (billing.name, billing.label) == ("billing", "Fatturazione")
    assert [r.name for r in matching([billing], "fatturaz")] == ["billing"]


class PromptApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answer: str | None = "unset"

    def on_mount(self) -> None:
        def done(value: str | None) -> None:
            self.answer = value

        self.push_screen(ChoicePrompt("?", list(DEPARTMENTS), shown=department_name), done)


async def test_the_lab_s_transfer_prompt_reads_translated_and_answers_the_key() -> None:
    activate_language("it")
    app = PromptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt)
                 for i in range(options.option_count)]
        assert shown == ["Assistenza tecnica", "Fatturazione", "Logistica", "Vendite"]
        await pilot.press(*"logis", "enter")
        await pilot.pause()
    assert app.answer == "Logistics"  # what the scenario expects
