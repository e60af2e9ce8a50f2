"""At start: drafts a previous session left behind (crash, kill, power cut), offered back.

Enter (or r) restores the highlighted draft into the editor; d discards it for good; escape
keeps them all for later (they also come back when their ticket is opened). Draft files are
untrusted, so everything shown passes the sanitiser and is rendered as Content, never markup.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from backends.i18n import _, date_time, ngettext
from backends.models import ticket_ref
from backends.sanitize import clean_line
from screens.common.fitting_footer import FittingFooter
from screens.tickets.drafts import Draft, DraftStore, belongs_to


def draft_summary(draft: Draft) -> Content:
    """One or two lines describing a draft; every piece of it is untrusted."""
    if draft.ticket_id is not None:
        owner = ticket_ref(draft.ticket_id)
    elif draft.call_id is not None:
        owner = _("new ticket, call #{id}").format(id=draft.call_id)
    else:
        owner = _("new ticket, customer #{id}").format(id=draft.customer_id)
    subject = clean_line(draft.fields.get("subject") or "", 50)
    when = date_time(draft.saved_at)  # the one date-time format (backends/i18n.py)
    first = Content.assemble((owner, "bold"), " ", (when, "dim"), " ", subject)
    note = draft.note.strip()
    if not note:
        return first
    return first.append("\n").append(
        Content.assemble(("  " + _("note:") + " ", "dim"), clean_line(note.splitlines()[0], 60)))


class DraftRecoveryDialog(ModalScreen[Draft | None]):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "restore", _("Restore"), id="drafts.restore"),
        Binding("d,delete", "discard", _("Discard"), id="drafts.discard"),
        Binding("escape", "later", _("Later"), id="drafts.later"),
    ]

    def __init__(self, drafts: list[Draft], store: DraftStore,
                 operator: str | None = None) -> None:
        """With `operator`, only that operator's drafts are offered (a shared account)."""
        super().__init__()
        self.drafts = [draft for draft in drafts
                       if operator is None or belongs_to(draft, operator)]
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical():
            count = len(self.drafts)
            yield Static(Content(ngettext("An unsaved ticket draft was left behind",
                                          "{n} unsaved ticket drafts were left behind",
                                          count).format(n=count)), id="drafts-title")
            yield OptionList(*self._options(), id="drafts-list")
            if self.store.problems:
                names = ", ".join(clean_line(name, 40) for name, _why in self.store.problems)
                yield Static(Content(_("Unreadable draft files skipped: {names}")
                                     .format(names=names)), id="drafts-problems")
            yield Static(Content(_("Enter restores, d discards, escape decides later")),
                         id="drafts-hint")
        yield FittingFooter()

    def _options(self) -> list[Option]:
        return [Option(draft_summary(draft), id=draft.key) for draft in self.drafts]

    def on_mount(self) -> None:
        if not self.drafts:
            self.dismiss(None)
            return
        self.query_one(OptionList).focus()

    def _highlighted(self) -> Draft | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.drafts):
            return None
        return self.drafts[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    def action_restore(self) -> None:
        draft = self._highlighted()
        if draft is not None:
            self.dismiss(draft)

    def action_discard(self) -> None:
        draft = self._highlighted()
        if draft is None:
            return
        try:
            self.store.discard(draft.key)
        except OSError as exc:
            # the OS text may quote the file name, which comes from the drafts folder
            why = clean_line(exc.strerror or exc, 200)
            self.notify(_("Could not discard the draft: {why}").format(why=why),
                        severity="error", markup=False)
            return
        self.drafts.remove(draft)
        if not self.drafts:
            self.dismiss(None)
            return
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(self._options())
        option_list.highlighted = 0

    def action_later(self) -> None:
        self.dismiss(None)
