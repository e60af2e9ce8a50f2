"""The phrasebook in the command palette (Ctrl+P): the sector's phrases for each phase of the
call, in the caller's language (the customer's), with the operator's own language as the
hit's second line when they differ, the variables filled in from the call. Enter puts the
phrase into the ticket's reply being written (the ticket of the call, opened when there is
none yet); Ctrl+R then adds it as the reply. (The tab row has no room for another pane at 80
columns in any language, so the palette is where the phrases live.)"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from backends.errors import BackendError
from backends.i18n import N_, _, current_language, day_time, gettext_in
from backends.phrasebook.phrases import LANGUAGES, PHASES, Phrase, Phrasebook, fill
from backends.sanitize import clean_line

TICKET = "ticket"
# {callback_time} when the call has no callback booked: a gap the operator sees and fills,
# in the phrase's language (what the caller hears)
NO_CALLBACK = N_("[time to agree]")
OPENING = 3.0  # seconds to wait for the ticket editor F9 opens


def _help(text: str) -> str | None:
    """The palette reads a hit's help as markup: the phrase holds the caller's name and the
    "[time to agree]" gap, shown as written."""
    return escape(text) if text else None


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

    async def _callback_due(self) -> datetime | None:
        """When the callback booked on the call in hand is due (else the caller's next open
        callback), in the desk's callback time zone; None without one or without callbacks."""
        desk, callback_desk = self._desk(), getattr(self.screen, "callback_desk", None)
        call = getattr(desk, "call", None)
        if call is None or callback_desk is None:
            return None
        from backends.callbacks.models import CallbackState

        try:
            if call.customer_id is not None:
                found = await callback_desk.callbacks.list_callbacks(
                    customer_id=call.customer_id, states=[CallbackState.OPEN], limit=20)
            else:
                found = [c for c in await callback_desk.callbacks.list_callbacks(
                    owner=desk.operator_name, states=[CallbackState.OPEN], limit=100)
                    if c.call_id == call.id]
        except BackendError:
            return None  # the phrase is still offered, with the gap to fill
        booked = next((c for c in found if c.call_id == call.id), found[0] if found else None)
        if booked is None:
            return None
        zone = getattr(getattr(self.screen, "callback_defaults", None), "zone", UTC)
        return booked.due_at.astimezone(zone)

    async def _entries(self) -> list[tuple[str, str]]:
        """(what the caller hears, the operator's own language or "") per phrase."""
        book = self._book()
        if book is None or self._desk() is None:
            return []
        caller, mine = self._caller_language(), current_language()
        values = self._values(book)
        due = await self._callback_due()

        def said(phrase: Phrase, language: str) -> str:
            # the time as the phrase's language writes it: weekday and month words in the
            # caller's language in what the caller hears, in the operator's in their line
            when = (day_time(due, language) if due is not None
                    else gettext_in(language, NO_CALLBACK))
            return fill(phrase.text(language), {**values, "callback_time": clean_line(when)})

        entries = []
        for phrase in book.in_order():
            label = f"{_(PHASES[phrase.phase])} · {said(phrase, caller)}"
            entries.append((label, said(phrase, mine) if caller != mine else ""))
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
        for label, mine in await self._entries():
            said = label.split(" · ", 1)[1]
            yield DiscoveryHit(Content(label), partial(self._insert, said), text=label,
                               help=_help(mine))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, mine in await self._entries():
            score, _offsets = matcher.fuzzy_search.match(matcher.query, label)
            if score > 0:
                said = label.split(" · ", 1)[1]
                yield Hit(score, matcher.highlight(label), partial(self._insert, said),
                          text=label, help=_help(mine))
