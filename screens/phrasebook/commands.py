"""The phrasebook in the command palette (Ctrl+P): the sector's phrases for each phase of the
call, in the caller's language (the customer's), with the operator's own language as the
hit's second line when they differ, the variables filled in from the call. Enter puts the
phrase into the ticket's reply being written (the ticket of the call, opened when there is
none yet); Ctrl+R then adds it as the reply. (The tab row has no room for another pane at 80
columns in any language, so the palette is where the phrases live.)"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from backends.i18n import _, current_language
from backends.phrasebook.phrases import LANGUAGES, PHASES, Phrasebook, fill
from backends.sanitize import clean_line

TICKET = "ticket"
OPENING = 3.0  # seconds to wait for the ticket editor F9 opens


class PhraseCommands(Provider):
    def _book(self) -> Phrasebook | None:
        book = getattr(self.app, "phrasebook", None)
        return book if isinstance(book, Phrasebook) else None

    def _desk(self) -> Any:
        return getattr(self.screen, "desk", None)

    def _caller_language(self) -> str:
        desk = self._desk()
        customer = getattr(desk, "customer", None)
        spoken = (getattr(customer, "language", "") or "").lower()
        return spoken if spoken in LANGUAGES else current_language()

    def _values(self, book: Phrasebook) -> dict[str, str]:
        desk = self._desk()
        values = dict(book.values)
        operator = getattr(desk, "operator", None)
        values["operator"] = (getattr(operator, "display_name", "") or
                              getattr(self.app, "operator", ""))
        customer = getattr(desk, "customer", None)
        if customer is not None:
            values["customer"] = customer.name
        editor = self._editor()
        ticket = getattr(editor, "ticket", None)
        if ticket is not None:
            values["ticket"] = ticket.ref
        return {name: clean_line(value, 80) for name, value in values.items() if value}

    def _editor(self) -> Any:
        work_area = getattr(self.screen, "work_area", None)
        return work_area.built(TICKET) if work_area is not None else None

    def _entries(self) -> list[tuple[str, str]]:
        """(what the caller hears, the operator's own language or "") per phrase."""
        book = self._book()
        if book is None or self._desk() is None:
            return []
        caller, mine = self._caller_language(), current_language()
        values = self._values(book)
        entries = []
        for phrase in book.in_order():
            said = fill(phrase.text(caller), values)
            label = f"{_(PHASES[phrase.phase])} · {said}"
            entries.append((label, fill(phrase.text(mine), values) if caller != mine else ""))
        return entries

    async def _insert(self, text: str) -> None:
        """Into the note being written in the ticket editor, where Ctrl+R adds it as the
        reply; the call's ticket is opened first when the editor has nothing open."""
        editor = self._editor()
        if editor is None or not (editor.ticket or editor.call or editor.customer_id):
            new_ticket = getattr(self.screen, "action_new_ticket", None)
            if new_ticket is None:
                return
            new_ticket()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + OPENING
            while loop.time() < deadline:
                await asyncio.sleep(0.05)
                editor = self._editor()
                if editor is not None and (editor.ticket or editor.call or editor.customer_id):
                    break
            else:
                self.app.notify(_("Open a ticket or a call first"), severity="warning")
                return
        self.screen.show_pane(TICKET)  # type: ignore[attr-defined]
        area = editor.note_area
        area.insert(("" if not area.text or area.text.endswith((" ", "\n")) else " ") + text)
        area.focus()

    async def discover(self) -> Hits:
        for label, mine in self._entries():
            said = label.split(" · ", 1)[1]
            yield DiscoveryHit(Content(label), partial(self._insert, said), text=label,
                               help=mine or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, mine in self._entries():
            score, _offsets = matcher.fuzzy_search.match(matcher.query, label)
            if score > 0:
                said = label.split(" · ", 1)[1]
                yield Hit(score, matcher.highlight(label), partial(self._insert, said),
                          text=label, help=mine or None)
