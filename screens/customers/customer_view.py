"""The 360° view of one customer: contact data, open tickets, recent calls, notes.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from backends.calls.api import Calls
from backends.customers.api import Customers
from backends.errors import BackendError, NotFound
from backends.i18n import _
from backends.models import OPEN_TICKET_STATUSES, Call, Customer, Event, Ticket
from backends.tickets.api import Tickets
from screens.common import render
from screens.common.worker_errors import WorkerErrorReporter


class CustomerView(WorkerErrorReporter, VerticalScroll):
    DEFAULT_CSS = """
    CustomerView { height: 1fr; padding: 0 1; }
    CustomerView .section { margin-top: 1; }
    CustomerView #cv-head { text-style: bold; }
    CustomerView #cv-tickets { height: auto; }
    CustomerView #cv-ticket-list { height: auto; max-height: 8; border: none; padding: 0; }
    """

    def __init__(self, customers: Customers, tickets: Tickets, calls: Calls, *,
                 id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self._customers = customers
        self._tickets = tickets
        self._calls = calls
        self.customer: Customer | None = None
        self.tickets: list[Ticket] = []
        self.calls: list[Call] = []

    def compose(self) -> ComposeResult:
        yield Static(_("No customer selected. F3 searches."), id="cv-head", markup=False)
        yield Static("", id="cv-contact", markup=False)
        with Vertical(id="cv-tickets", classes="section"):
            yield Static("", id="cv-tickets-title", markup=False)
            yield OptionList(id="cv-ticket-list")
        yield Static("", id="cv-notes", classes="section", markup=False)
        yield Static("", id="cv-calls", classes="section", markup=False)

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
        for part in ("contact", "tickets-title", "calls", "notes"):
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
        except NotFound:
            self.clear()
            self.notify(_("That customer no longer exists."), severity="warning", markup=False)
            return
        except BackendError as exc:
            render.notify_error(self, exc.message, title=_("Customer"))
            return
        self.customer, self.tickets, self.calls = customer, tickets, calls
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
                      render.content(call.disposition or "", max_length=20), "  ",
                      render.content(call.operator or "", "dim", 20)]
        if not self.calls:
            calls += ["\n", (_("none"), "dim")]
        self.query_one("#cv-calls", Static).update(Content.assemble(*calls))

        notes: list[Content | tuple[str, str] | str] = [(_("Notes"), "bold underline"), "\n"]
        notes.append(render.block(customer.notes) if customer.notes else (_("none"), "dim"))
        self.query_one("#cv-notes", Static).update(Content.assemble(*notes))

    def on_backend_event(self, event: Event) -> None:
        """From the change feed (the pane follows calls): a call listed under "Recent calls"
        changed (answered, ended, finished), or a call was linked to this customer."""
        if self.customer is None or event.subject_type != "call":
            return
        if (event.subject_id in {call.id for call in self.calls}
                or event.data.get("customer_id") == self.customer.id
                or "customer_id" in (event.data.get("fields") or ())):
            self.show_customer(self.customer.id)
