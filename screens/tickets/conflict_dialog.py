"""Someone else saved the ticket (or the customer) while I was editing it: show both versions
field by field.

Keep theirs, keep mine (my changes re-applied on top of their version) or merge field by field
(left/right or space on each row). The note being added is kept in every choice: the dialog
says so, and the editor adds it whatever is chosen. Escape goes back to editing, nothing saved.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from backends.i18n import _
from backends.models import Ticket
from backends.sanitize import clean_line
from screens.common.fitting_footer import FittingFooter
from screens.tickets.ticket_form import FORM_FIELDS, FormValues, display_value, field_label

Choice = Literal["theirs", "mine", "merge"]
BUTTON_CHOICES: dict[str, Choice] = {"keep-theirs": "theirs", "keep-mine": "mine"}


@dataclass(frozen=True)
class ConflictResolution:
    choice: Choice
    values: FormValues  # the field values to store on top of their version


def keep_mine(mine: FormValues, base: FormValues, theirs: FormValues,
              fields: tuple[str, ...] = FORM_FIELDS) -> FormValues:
    """My changes (fields I edited since `base`) over their version."""
    return {name: mine[name] if mine.get(name) != base.get(name) else theirs[name]
            for name in fields}


@dataclass(frozen=True)
class FieldsShown:
    """The fields a conflict is about and how a person reads them: the ticket's by default,
    another record's form (the customer's) passes its own."""

    names: tuple[str, ...] = FORM_FIELDS
    label: Callable[[str], str] = field_label
    shown: Callable[[str, str], str] = display_value


TICKET_FIELDS = FieldsShown()


LABEL = 10  # columns for the field name


def column_width(total: int) -> int:
    """Room for each of the two values in a row `total` cells wide (two 2-cell markers)."""
    return max(6, (total - LABEL - 4) // 2)


class ConflictHeader(Widget):
    """Column titles aligned with the rows below at any width."""

    def render(self) -> Content:
        width = column_width(self.size.width)
        return Content(f"{_('Field'):<{LABEL + 2}.{LABEL + 2}}{_('Theirs'):<{width + 2}}"
                       f"{_('Yours')}")


class FieldChoice(Widget, can_focus=True):
    """One row: field, their value, my value, and which one to keep."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "pick('theirs')", _("Theirs"), id="conflict.pick_theirs"),
        Binding("right", "pick('mine')", _("Mine"), id="conflict.pick_mine"),
        Binding("space", "toggle_pick", _("Toggle"), id="conflict.toggle"),
    ]

    pick: reactive[str] = reactive("theirs")

    def __init__(self, name: str, theirs: str, mine: str, pick: str,
                 fields: FieldsShown = TICKET_FIELDS) -> None:
        super().__init__(id=f"row-{name}", classes="differs" if theirs != mine else "same")
        self.field_name = name
        self.fields = fields
        self.theirs = theirs
        self.mine = mine
        self.set_reactive(FieldChoice.pick, pick)

    def render(self) -> Content:
        width = column_width(self.size.width)
        theirs = clean_line(self.fields.shown(self.field_name, self.theirs), width - 1)
        mine = clean_line(self.fields.shown(self.field_name, self.mine), width - 1)
        marker_theirs = "●" if self.pick == "theirs" else "○"
        marker_mine = "●" if self.pick == "mine" else "○"
        return Content.assemble(
            (f"{self.fields.label(self.field_name):<{LABEL}.{LABEL}}", "bold"),
            f"{marker_theirs} ",
            (f"{theirs:<{width}}", "bold" if self.pick == "theirs" else "dim"),
            f"{marker_mine} ",
            (mine, "bold" if self.pick == "mine" else "dim"),
        )

    def action_pick(self, which: str) -> None:
        self.pick = which

    def action_toggle_pick(self) -> None:  # not `toggle`: DOMNode has one of its own
        self.pick = "mine" if self.pick == "theirs" else "theirs"


class ConflictDialog(ModalScreen[ConflictResolution | None]):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "resolve('theirs')", _("Keep theirs"), id="conflict.keep_theirs"),
        Binding("m", "resolve('mine')", _("Keep mine"), id="conflict.keep_mine"),
        Binding("f,enter", "resolve('merge')", _("Merge"), id="conflict.merge"),
        Binding("escape", "cancel", _("Back"), id="conflict.cancel"),
        Binding("down", "app.focus_next", show=False, id="conflict.next_field"),
        Binding("up", "app.focus_previous", show=False, id="conflict.previous_field"),
    ]

    def __init__(self, theirs: Ticket | None, mine: FormValues, base: FormValues,
                 note: str = "", *, theirs_values: FormValues | None = None,
                 fields: FieldsShown = TICKET_FIELDS, title: str = "") -> None:
        """A ticket's conflict (`theirs` the stored ticket), or another record's: `theirs`
        None, `theirs_values`, its `fields` and a `title` naming the record."""
        super().__init__()
        from screens.tickets.ticket_form import values_from_ticket

        self.fields = fields
        self.title_text = title or (_("{ref} was changed by someone else while you edited it")
                                    .format(ref=theirs.ref if theirs else ""))
        if theirs_values is None:
            assert theirs is not None, "a ticket, or the values of the record in conflict"
            theirs_values = values_from_ticket(theirs)
        self.theirs = {name: theirs_values.get(name, "") for name in fields.names}
        self.mine = {name: mine.get(name, "") for name in fields.names}
        self.base = {name: base.get(name, "") for name in fields.names}
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="conflict-title")
            yield ConflictHeader(id="conflict-head")
            with VerticalScroll(id="rows"):
                for name in self.fields.names:
                    mine_changed = self.mine[name] != self.base[name]
                    yield FieldChoice(name, self.theirs[name], self.mine[name],
                                      "mine" if mine_changed else "theirs", self.fields)
            yield Static(self._note_text(), id="conflict-note")
            with Horizontal(id="conflict-buttons"):
                yield Button(_("Keep theirs (t)"), id="keep-theirs", compact=True)
                yield Button(_("Keep mine (m)"), id="keep-mine", compact=True)
                yield Button(_("Merge (enter)"), id="merge", compact=True, variant="primary")
        yield FittingFooter()

    def _note_text(self) -> Content:
        if not self.note.strip():
            return Content(_("Left/right or space picks a side per field."))
        first = clean_line(self.note.strip().splitlines()[0], 60)
        return Content.assemble(
            _("Your note is added in every case: "), (first, "italic"),
            "\n", _("Left/right or space picks a side per field."))

    def on_mount(self) -> None:
        rows = list(self.query(FieldChoice))
        differing = [row for row in rows if row.has_class("differs")]
        (differing or rows)[0].focus()

    def picks(self) -> dict[str, str]:
        return {row.field_name: row.pick for row in self.query(FieldChoice)}

    def resolution(self, choice: Choice) -> ConflictResolution:
        if choice == "theirs":
            return ConflictResolution("theirs", dict(self.theirs))
        if choice == "mine":
            return ConflictResolution("mine", keep_mine(self.mine, self.base, self.theirs,
                                                        self.fields.names))
        picks = self.picks()
        values = {name: self.mine[name] if picks.get(name) == "mine" else self.theirs[name]
                  for name in self.fields.names}
        return ConflictResolution("merge", values)

    def action_resolve(self, choice: Choice) -> None:
        self.dismiss(self.resolution(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = BUTTON_CHOICES.get(event.button.id or "", "merge")
        self.dismiss(self.resolution(choice))
