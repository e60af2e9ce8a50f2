"""The 360° view of one customer: contact data, open tickets, open callbacks and last survey
scores (when the backend keeps them: screens/callbacks/follow_up.py), recent calls, messages
they left for colleagues (shown when there are any), notes. (docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from datetime import UTC

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from backends.calls.api import Calls
from backends.calls.models import Call
from backends.customers.api import Customers
from backends.customers.models import Customer
from backends.errors import BackendError, NotFound
from backends.feed.models import Event
from backends.i18n import _
from backends.messages.api import Messages
from backends.messages.models import Message as LeftMessage
from backends.tickets.api import Tickets
from backends.tickets.models import OPEN_TICKET_STATUSES, Ticket
from screens.callbacks.follow_up import FollowUp, FollowUpSource, draw
from screens.common import render
from screens.common.directory_names import department_name
from screens.common.worker_errors import WorkerErrorReporter

MESSAGES_SHOWN = 5  # the newest messages a customer left


class CustomerView(WorkerErrorReporter, VerticalScroll):
    DEFAULT_CSS = """
    CustomerView { height: 1fr; padding: 0 1; }
    CustomerView .section { margin-top: 1; }
    CustomerView #cv-head { text-style: bold; }
    CustomerView #cv-tickets { height: auto; }
    CustomerView #cv-ticket-list { height: auto; max-height: 8; border: none; padding: 0; }
    """

    def __init__(self, customers: Customers, tickets: Tickets, calls: Calls, *,
                 follow_up: FollowUpSource | None = None, messages: Messages | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self._customers = customers
        self._tickets = tickets
        self._calls = calls
        self._messages = messages
        self.left: list[LeftMessage] = []
        self.customer: Customer | None = None
        self.tickets: list[Ticket] = []
        self.calls: list[Call] = []
        self._follow_up = follow_up
        self.follow_up = FollowUp()

    def compose(self) -> ComposeResult:
        yield Static(_("No customer selected. F3 searches."), id="cv-head", markup=False)
        yield Static("", id="cv-contact", markup=False)
        with Vertical(id="cv-tickets", classes="section"):
            yield Static("", id="cv-tickets-title", markup=False)
            yield OptionList(id="cv-ticket-list")
        yield Static("", id="cv-follow", classes="section", markup=False)
        yield Static("", id="cv-notes", classes="section", markup=False)
        yield Static("", id="cv-calls", classes="section", markup=False)
        yield Static("", id="cv-messages", classes="section", markup=False)

    class OpenTicket(Message):
        def __init__(self, ticket_id: int) -> None:
            super().__init__()
            self.ticket_id = ticket_id

    @on(OptionList.OptionSelected, "#cv-ticket-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.OpenTicket(int(event.option.id)))

    def clear(self) -> None:
        self.customer = None
        self.tickets, self.calls = [], []
        self.query_one("#cv-head", Static).update(_("No customer selected. F3 searches."))
        for part in ("contact", "tickets-title", "calls", "notes", "follow", "messages"):
            self.query_one(f"#cv-{part}", Static).update("")
        self.query_one("#cv-ticket-list", OptionList).clear_options()

    @work(exclusive=True, exit_on_error=False, group="customer-view")
    async def show_customer(self, customer_id: int) -> None:
        """Load everything about the customer, then draw it in one go."""
        try:
            customer = await self._customers.get_customer(customer_id)
            tickets = await self._tickets.list_tickets(
                customer_id=customer_id, statuses=sorted(OPEN_TICKET_STATUSES), limit=10)
            calls = await self._calls.list_calls(customer_id=customer_id, limit=8)
            follow = (await self._follow_up.load(customer_id) if self._follow_up is not None
                      else FollowUp())
            left = (await self._messages.for_customer(customer_id))[:MESSAGES_SHOWN] if (
                self._messages is not None) else []
        except NotFound:
            self.clear()
            self.notify(_("That customer no longer exists."), severity="warning", markup=False)
            return
        except BackendError as exc:
            render.notify_error(self, exc.message, title=_("Customer"))
            return
        self.customer, self.tickets, self.calls, self.left = customer, tickets, calls, left
        self.follow_up = follow
        self._draw()

    def _draw(self) -> None:
        customer = self.customer
        if customer is None:
            return
        head: list[Content | tuple[str, str] | str] = [
            render.content(customer.name, max_length=120), "  ",
                render.content(customer.code, "dim")]
        if customer.company:
            head += ["  · ", render.content(customer.company, "italic", 80)]
        if customer.is_vip:
            head.append(("  VIP", "bold magenta"))
        self.query_one("#cv-head", Static).update(Content.assemble(*head))

        contact: list[Content | tuple[str, str] | str] = []
        phones = ", ".join(render.pretty_phone(number) for number in customer.phones)
        contact += [(_("Phone") + ": ", "dim"), render.content(phones or "—"), "\n"]
        contact += [(_("Email") + ": ", "dim"), render.content(customer.email or "—"), "\n"]
        contact += [(_("Language") + ": ", "dim"), render.content(customer.language)]
        if customer.tags:
            contact += ["   ", (_("Tags") + ": ", "dim"),
                        render.content(", ".join(customer.tags), max_length=80)]
        consent = []
        if customer.consent.marketing:
            consent.append(_("marketing"))
        if customer.consent.recording:
            consent.append(_("recording"))
        contact += ["\n", (_("Consent") + ": ", "dim"), ", ".join(consent) or _("none"),
                    "   ", (_("Ctrl+E edits"), "dim")]
        self.query_one("#cv-contact", Static).update(Content.assemble(*contact))

        title = _("Open tickets ({count})").format(count=len(self.tickets))
        if self.tickets:
            title += "  " + _("Enter opens")
        self.query_one("#cv-tickets-title", Static).update(
            Content.styled(title, "bold underline"))
        options = self.query_one("#cv-ticket-list", OptionList)
        options.clear_options()
        for ticket in self.tickets:
            options.add_option(Option(Content.assemble(
                render.content(ticket.ref, "bold", 20),
                f"  {render.ticket_status_label(ticket.status):<8} ",
                render.content(ticket.subject, max_length=70)), id=str(ticket.id)))
        options.display = bool(self.tickets)
        if self.tickets:
            options.highlighted = 0

        calls: list[Content | tuple[str, str] | str] = [
            (_("Recent calls"), "bold underline")]
        for call in self.calls:
            calls += ["\n", render.local_time(call.arrived_at),
                      f"  {render.call_state_label(call.state):<11} ",
                      render.content(render.outcome_label(call.disposition), max_length=20), "  ",
                      render.content(call.operator or "", "dim", 20)]
        if not self.calls:
            calls += ["\n", (_("none"), "dim")]
        self.query_one("#cv-calls", Static).update(Content.assemble(*calls))

        follow_up = self.query_one("#cv-follow", Static)
        shown = self.follow_up.callbacks or self.follow_up.answers
        follow_up.display = bool(shown)  # nothing to follow up: no empty section
        if shown:
            defaults = getattr(self.screen, "callback_defaults", None)
            follow_up.update(draw(self.follow_up, defaults.zone if defaults else UTC))
        left: list[Content | tuple[str, str] | str] = [(_("Messages left"), "bold underline")]
        for message in self.left:
            left += ["\n", render.local_time(message.created_at), "  ",
                     render.content(department_name(message.for_name), "bold", 30), "  ",
                     render.content(message.reason, max_length=60),
                     ("  " + _("done"), "dim") if message.done_at else ""]
        messages = self.query_one("#cv-messages", Static)
        messages.update(Content.assemble(*left) if self.left else "")
        messages.display = bool(self.left)

        notes: list[Content | tuple[str, str] | str] = [(_("Notes"), "bold underline"), "\n"]
        notes.append(render.block(customer.notes) if customer.notes else (_("none"), "dim"))
        self.query_one("#cv-notes", Static).update(Content.assemble(*notes))

    def on_backend_event(self, event: Event) -> None:
        """From the change feed (the pane follows calls and messages): a call listed under
        "Recent calls" changed (answered, ended, finished), or a call was linked to this
        customer; a message was taken from this customer, or one they left was handled."""
        if self.customer is None:
            return
        if event.subject_type == "message":
            if self._messages is not None and (
                    event.data.get("customer_id") == self.customer.id
                    or event.subject_id in {message.id for message in self.left}):
                self.show_customer(self.customer.id)
            return
        if event.subject_type != "call":
            return
        if (event.subject_id in {call.id for call in self.calls}
                or event.data.get("customer_id") == self.customer.id
                or "customer_id" in (event.data.get("fields") or ())):
            self.show_customer(self.customer.id)
