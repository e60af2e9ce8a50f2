"""Who a call can be passed to: directory entries (departments, queues, people, outside
numbers) and colleagues logged in as operators, as one ranked list for the transfer panel.

Colleagues are listed by login because an announced transfer is offered to the target name and
a colleague's console looks for offers addressed to its own login.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from backends.i18n import _
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence
from backends.sanitize import clean_line
from screens.common import render
from screens.common.directory_names import department_name

COLLEAGUE = "colleague"  # a target kind beside the DirectoryKind values
_KIND_ORDER = {DirectoryKind.DEPARTMENT.value: 0, DirectoryKind.QUEUE.value: 1, COLLEAGUE: 2,
               DirectoryKind.PERSON.value: 3, DirectoryKind.EXTERNAL.value: 4}


@dataclass(frozen=True)
class Target:
    name: str  # what goes into TransferDraft.target
    kind: str  # a DirectoryKind value or COLLEAGUE
    presence: Presence
    details: tuple[str, ...] = ()  # department, extension, display name (untrusted)
    shown: str = ""  # the name as the operator reads it (a department's translation)

    @property
    def is_queue(self) -> bool:
        return self.kind == DirectoryKind.QUEUE.value

    @property
    def label(self) -> str:
        return self.shown or self.name


def from_entry(entry: DirectoryEntry) -> Target:
    details = []
    if entry.department and entry.kind is DirectoryKind.PERSON:
        details.append(department_name(entry.department))
    if entry.extension:
        details.append(entry.extension)
    shown = ""
    if entry.kind is DirectoryKind.DEPARTMENT:
        shown = department_name(entry.name)
    elif entry.kind is DirectoryKind.QUEUE:  # named by its id ("sales"): show its name
        shown = render.queue_label(entry.name)
    return Target(entry.name, entry.kind.value, entry.presence, tuple(details),
                  shown if shown != entry.name else "")


def from_operators(operators: list[Operator], query: str, me: str) -> list[Target]:
    """Colleagues whose login or display name contains the filter text (not me)."""
    text = query.strip().casefold()
    found = []
    for operator in operators:
        if operator.name == me:
            continue
        if text and text not in operator.name.casefold() and (
                text not in operator.display_name.casefold()):
            continue
        details = (operator.display_name,) if operator.display_name else ()
        found.append(Target(operator.name, COLLEAGUE, operator.presence, details))
    return found


def presence_label(presence: Presence) -> tuple[str, str]:
    """A symbol and a word for the presence, and the style to show them in."""
    return {
        Presence.AVAILABLE: ("● " + _("free"), "green"),
        Presence.ON_CALL: ("◐ " + _("on a call"), "yellow"),
        Presence.WRAP_UP: ("◐ " + _("wrap-up"), "yellow"),
        Presence.PAUSED: ("○ " + _("paused"), "dim"),
        Presence.OFFLINE: ("○ " + _("offline"), "dim"),
        Presence.AWAY: ("◌ " + _("away"), "dark_orange"),
        Presence.DND: ("⊘ " + _("do not disturb"), "red"),
    }[presence]


def kind_label(kind: str) -> str:
    return {
        DirectoryKind.PERSON.value: _("person"),
        DirectoryKind.DEPARTMENT.value: _("department"),
        DirectoryKind.QUEUE.value: _("queue"),
        DirectoryKind.EXTERNAL.value: _("external"),
        COLLEAGUE: _("colleague"),
    }.get(kind, kind)


def prompt(target: Target) -> Content:
    """One line of the list; names and details are untrusted text."""
    label, style = presence_label(target.presence)
    parts: list[str | tuple[str, str]] = [
        (label, style), " ", (clean_line(target.label, 60), "bold"),
        (" · " + kind_label(target.kind), "dim")]
    parts += [(" · " + clean_line(detail, 40), "dim") for detail in target.details]
    return Content.assemble(*parts)


def rank(targets: list[Target], query: str) -> list[Target]:
    """Best match first, so two letters and Enter reach the obvious target: names starting
    with the text, then a word of the name starting with it, then the rest (department,
    extension or notes matched); departments and queues before people within each group."""
    text = query.strip().casefold()

    def key(target: Target) -> tuple[int, int, str]:
        names = {target.name.casefold(), target.label.casefold()}  # the key or as read
        if not text or any(name.startswith(text) for name in names):
            group = 0
        elif any(word.startswith(text) for name in names for word in name.split()):
            group = 1
        else:
            group = 2
        return group, _KIND_ORDER.get(target.kind, 9), target.label.casefold()

    return sorted(targets, key=key)
