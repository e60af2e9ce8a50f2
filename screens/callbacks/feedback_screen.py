"""Complaints and suggestions, listed and searched at 80x24: type to search every word of
topic, text and product (as prefixes; the surveys service's search), Ctrl+T shows all,
complaints only or suggestions only, the highlighted one is shown whole below the list, and
Ctrl+N captures a new one on the call in hand or for the customer shown. Esc closes.
Opened with Ctrl+W from the callbacks pane (`feedback.list`) or the command palette.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from backends.errors import BackendError
from backends.i18n import _, date_time, ngettext
from backends.surveys.api import Surveys
from backends.surveys.inputs import FeedbackDraft
from backends.surveys.models import Feedback, FeedbackKind
from screens.callbacks.feedback_dialog import FeedbackDialog, FeedbackForm
from screens.common import render

LISTED = 200  # the newest this many that match
KIND_CYCLE: tuple[FeedbackKind | None, ...] = (None, FeedbackKind.COMPLAINT,
                                               FeedbackKind.SUGGESTION)


@dataclass(frozen=True)
class CaptureContext:
    """What a new complaint or suggestion is captured on: the call in hand (with its queue)
    or the customer shown, and who captures it."""

    operator: str
    call_id: int | None = None
    queue: str = "general"
    customer_id: int | None = None
    about: str = ""


def kind_name(kind: FeedbackKind) -> str:
    return _("complaint") if kind is FeedbackKind.COMPLAINT else _("suggestion")


def kind_label(kind: FeedbackKind | None) -> str:
    if kind is FeedbackKind.COMPLAINT:
        return _("complaints")
    if kind is FeedbackKind.SUGGESTION:
        return _("suggestions")
    return _("all")


class FeedbackScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    FeedbackScreen { align: center middle; }
    FeedbackScreen > Vertical { width: 80; max-width: 100%; height: 24; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    FeedbackScreen Input, FeedbackScreen Input:focus { height: 1; border: none;
        padding: 0 1; background: $boost; }
    FeedbackScreen DataTable { height: 1fr; background: $surface; }
    FeedbackScreen #feedback-detail { height: 3; color: $text; }
    FeedbackScreen .hint, FeedbackScreen #feedback-status { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Close"), id="feedback_close"),
        Binding("ctrl+t", "kind", _("Kind"), id="feedback_kind"),
        Binding("ctrl+n", "new", _("New"), id="feedback_new"),
    ]

    def __init__(self, surveys: Surveys, capture: CaptureContext, zone: tzinfo) -> None:
        super().__init__()
        self.surveys = surveys
        self.capture = capture
        self.zone = zone
        self.kind: FeedbackKind | None = None
        self.rows: list[Feedback] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=_("Search topic, text or product…"), id="feedback-search",
                        max_length=200)
            yield Static("", id="feedback-status", markup=False)
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True,
                                               id="feedback-table")
            table.add_column(_("When"), key="when", width=16)
            table.add_column(_("Kind"), key="kind", width=10)
            table.add_column(_("Topic"), key="topic", width=14)
            table.add_column(_("Product"), key="product", width=8)
            table.add_column(_("Text"), key="text", width=18)  # whole below the list
            yield table
            yield Static("", id="feedback-detail", markup=False)
            yield Static(_("Type: search · ↓: the list · ^T: kind · ^N: new · Esc: close"),
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#feedback-search", Input).focus()
        self.search()

    @on(Input.Changed, "#feedback-search")
    def _typed(self) -> None:
        self.search()

    @on(Input.Submitted, "#feedback-search")
    def _to_list(self) -> None:
        self.query_one(DataTable).focus()

    def key_down(self) -> None:
        if self.focused is self.query_one("#feedback-search", Input):
            self.query_one(DataTable).focus()

    @work(exclusive=True, group="feedback-search", exit_on_error=False)
    async def search(self) -> None:
        text = self.query_one("#feedback-search", Input).value
        try:
            found = await self.surveys.list_feedback(kind=self.kind, text=text or None,
                                                     limit=LISTED)
        except BackendError as exc:
            self._status(exc.message)
            return
        self.show(found)

    def show(self, found: list[Feedback]) -> None:
        self.rows = found
        table = self.query_one(DataTable)
        table.clear()
        for item in found:
            when = item.created_at.astimezone(self.zone)
            table.add_row(render.text(date_time(when), "", 16),
                          render.text(kind_name(item.kind), "bold red" if item.kind
                                      is FeedbackKind.COMPLAINT else "green", 10),
                          render.text(item.topic, "", 60), render.text(item.product, "", 80),
                          render.text(item.text, "", 200), key=str(item.id))
        self._status(ngettext("{n} found", "{n} found", len(found)).format(n=len(found))
                     + " · " + _("showing: {kind}").format(kind=kind_label(self.kind)))
        self._detail()

    def _status(self, message: str) -> None:
        self.query_one("#feedback-status", Static).update(render.content(message, "", 120))

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        item = self.rows[row] if 0 <= row < len(self.rows) else None
        detail = "" if item is None else _("{kind} #{id} by {operator} on {queue}{customer}: "
                                           "{text}").format(
            kind=kind_name(item.kind), id=item.id, operator=item.operator, queue=item.queue,
            customer="" if item.customer_id is None else " · " + _("customer {id}").format(
                id=item.customer_id), text=item.text)
        self.query_one("#feedback-detail", Static).update(
            Text(render.clean_line(detail, 240), overflow="fold"))

    def action_kind(self) -> None:
        self.kind = KIND_CYCLE[(KIND_CYCLE.index(self.kind) + 1) % len(KIND_CYCLE)]
        self.search()

    def action_new(self) -> None:
        capture = self.capture
        if capture.call_id is None and capture.customer_id is None:
            self.notify(_("Feedback is captured on the call in hand or for the customer "
                          "shown: there is neither."), severity="warning", markup=False)
            return

        def answered(form: FeedbackForm | None) -> None:
            if form is not None:
                self.add(form)

        self.app.push_screen(FeedbackDialog(capture.about), answered)

    @work(group="feedback-add", exit_on_error=False)
    async def add(self, form: FeedbackForm) -> None:
        capture = self.capture
        try:
            added = await self.surveys.add_feedback(FeedbackDraft(
                kind=form.kind, topic=form.topic, text=form.text, product=form.product,
                customer_id=capture.customer_id, call_id=capture.call_id,
                operator=capture.operator, queue=capture.queue))
        except BackendError as exc:
            render.notify_error(self, exc.message, title=_("Feedback"))
            return
        self.notify(_("Feedback {id} saved.").format(id=added.id), markup=False)
        self.search()

    def action_close(self) -> None:
        self.dismiss(None)
