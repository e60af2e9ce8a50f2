"""The switchboard's directory rows: colleagues with a console (operators) and directory
entries (people, departments, queues), filtered as you type by name, department, extension or
what they handle, with their presence as a person reads it ("away (dentist) until 14:00",
"on a call 3:12", "closed now"). Pure functions over the domain models, no widgets
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from backends.i18n import _
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence
from backends.people.steps import closed_for
from backends.sanitize import clean_line
from screens.common import render
from screens.common.directory_names import both_names, department_name


def fold(text: str) -> str:
    """Lower case without accents (Szabó → szabo), as the directory filter compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


STYLE = {
    Presence.AVAILABLE: "green", Presence.ON_CALL: "yellow", Presence.WRAP_UP: "yellow",
    Presence.PAUSED: "dim", Presence.OFFLINE: "dim", Presence.AWAY: "dark_orange",
    Presence.DND: "red",
}


@dataclass(frozen=True)
class Row:
    name: str  # the transfer and message target
    kind: str  # translated: colleague, person, department, queue, outside
    department: str
    extension: str
    state: str  # presence as words
    style: str
    takes_calls: bool
    searchable: str  # folded name, department, extension and notes (keys and as read)
    folded: str  # the folded name alone
    shown: str = ""  # the name as the operator reads it (a department's translation)

    @property
    def label(self) -> str:
        return self.shown or self.name

    @property
    def folded_names(self) -> tuple[str, ...]:
        """The folded key, and the folded translation when there is one."""
        return (self.folded, fold(self.shown)) if self.shown else (self.folded,)


def _kind(kind: DirectoryKind | None) -> str:
    return {None: _("colleague"), DirectoryKind.PERSON: _("person"),
            DirectoryKind.DEPARTMENT: _("department"), DirectoryKind.QUEUE: _("queue"),
            DirectoryKind.EXTERNAL: _("outside")}[kind]


def _presence_words(presence: Presence, note: str | None, back: datetime | None,
                    since: datetime | None, now: datetime) -> str:
    words = render.presence_label(presence)
    if presence in (Presence.ON_CALL, Presence.WRAP_UP) and since is not None:
        words += " " + render.duration(render.elapsed(since, now))
    if note:
        words += f" ({clean_line(note, 60)})"
    if back is not None and presence in (Presence.AWAY, Presence.DND):
        words += " " + _("until {time}").format(time=render.local_time(back)[-5:])
    return words


def operator_row(operator: Operator, now: datetime) -> Row:
    state = _presence_words(operator.presence, operator.pause_reason, operator.back_at,
                            operator.presence_since, now)
    taking = operator.presence not in (Presence.AWAY, Presence.DND, Presence.OFFLINE)
    name = operator.name
    return Row(name, _kind(None), "", operator.extension or "", state,
               STYLE[operator.presence], taking,
               fold(" ".join([name, operator.display_name, operator.extension or ""])),
               fold(name),
               # the name callers ask for; the login stays the transfer target
               operator.display_name if operator.display_name != name else "")


def entry_row(entry: DirectoryEntry, now: datetime) -> Row:
    closed = closed_for(entry, now)  # a person's working hours too
    if closed is not None:
        state, style = closed, "red"
    else:
        state = _presence_words(entry.presence, entry.presence_note, entry.back_at, None, now)
        style = STYLE[entry.presence]
    taking = closed is None and entry.presence not in (Presence.AWAY, Presence.DND)
    # a department by its name in the operator's language, a queue by its display name (the
    # directory keeps a queue's id, "billing"); the stored name stays the transfer target
    shown = (department_name(entry.name) if entry.kind is DirectoryKind.DEPARTMENT
             else render.queue_label(entry.name) if entry.kind is DirectoryKind.QUEUE
             else "")
    department = entry.department or ""
    return Row(entry.name, _kind(entry.kind), department_name(department),
               entry.extension or "", state, style, taking,
               fold(" ".join([both_names(entry.name), shown, both_names(department),
                              entry.extension or "", entry.notes])), fold(entry.name),
               shown if shown != entry.name else "")


def all_rows(operators: list[Operator], entries: list[DirectoryEntry],
             now: datetime) -> list[Row]:
    """Colleagues first (signed in before signed out, then by the name a person reads), then
    the directory by the name as read (a department's in the operator's language, not its
    stored key); built when the store changed, not per keystroke (opening hours and holidays
    are looked up here)."""
    colleagues = sorted(operators, key=lambda o: (o.presence is Presence.OFFLINE,
                                                  fold(o.display_name or o.name)))
    directory = sorted((entry_row(e, now) for e in entries), key=lambda row: fold(row.label))
    return [operator_row(o, now) for o in colleagues] + directory


def matching(rows: list[Row], text: str, limit: int | None = None) -> list[Row]:
    """The rows whose searchable text holds each word typed (case and accents folded); the
    name typed in full comes first (the screen pop's "asks for Sales" highlights Sales, not a
    colleague of the Sales department)."""
    wanted = fold(text).strip()
    words = wanted.split()
    found = [row for row in rows if all(word in row.searchable for word in words)]
    if wanted:  # the name typed in full first, then names that start with it (stable)
        found.sort(key=lambda row: (wanted not in row.folded_names,
                                    not any(n.startswith(wanted) for n in row.folded_names)))
    return found[:limit] if limit is not None else found


def rows_for(operators: list[Operator], entries: list[DirectoryEntry], text: str,
             now: datetime) -> list[Row]:
    return matching(all_rows(operators, entries, now), text)


def asked_for(notes: str, rows: list[Row]) -> str | None:
    """The directory name a caller's notes mention (the longest one), if any: the screen pop
    filters the directory to whom they ask for."""
    folded = fold(notes)
    named = [(len(name), row.label) for row in rows for name in row.folded_names
             if name and name in folded]
    return max(named)[1] if named else None
