"""The outbound operator's workspace (issue 17 item 10): one campaign's contacts, called with
its script (README, "Outbound workspace").

On top the campaign and what the desk is doing; then the contact with their history
(attempts, last outcome, earlier script answers); then the script pane: the step's text in the
contact's language, its answers on number keys, a field for a typed answer (number, date,
text); then the outcomes when wrapping up, and a status line. Keys:

- F5 next contact (preview: shown, F6 dials; progressive: dialled at once, and the next one
  after each wrap-up);
- 1-9 pick an answer; Enter moves on (a typed answer: Enter in its field); F2 one step back;
  F4 leave the script;
- F8 wrap up: the outcomes on 1-9, Enter takes the one the script set; Esc goes back to the
  script. F3 the next campaign (when no contact is in hand). F7 the appointments booked
  (screens/campaigns/appointments_screen.py: moved or called off there).

Workers do every backend call; failures reach the status line, never a crash.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, Static

from backends.appointments.models import Appointment
from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.models import Campaign, DialMode
from backends.errors import BackendError, Conflict, Forbidden, NotFound
from backends.i18n import N_, _
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS
from backends.scripts.definition import Ask, Do, Script
from backends.scripts.inputs import ScriptLinkDraft
from backends.scripts.linking import resolve
from screens.campaigns import panes
from screens.campaigns.appointment_dialog import AppointmentDialog
from screens.campaigns.far_end import FarEnd
from screens.campaigns.from_console import open_appointments
from screens.campaigns.outbound_desk import OutboundDesk, script_problems
from screens.common import render
from screens.common.fitting_footer import FittingFooter

TYPED = (Ask.NUMBER, Ask.DATE, Ask.TEXT)


def _key(id_: str, key: str, action: str, label: str, show: bool = True,
         priority: bool = True) -> Binding:
    """`label` is marked N_() where the key is listed, translated here."""
    return Binding(key, action, _(label), id=f"outbound_{id_}", priority=priority, show=show)


class OutboundScreen(Screen[None]):
    DEFAULT_CSS = """
    OutboundScreen #ob-head { height: 1; background: $primary-background; }
    OutboundScreen #ob-contact { height: auto; max-height: 6; }
    OutboundScreen #ob-script { height: 1fr; border: round $primary; padding: 0 1; }
    OutboundScreen #ob-answer { height: 3; }
    OutboundScreen #ob-answer.hidden { display: none; }
    OutboundScreen #ob-status { height: 1; color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        _key("next", "f5", "next_contact", N_("Next")),
        _key("dial", "f6", "dial", N_("Dial")),
        _key("back", "f2", "back", N_("Back")),
        _key("leave", "f4", "leave", N_("Leave script")),
        _key("wrap_up", "f8", "wrap_up", N_("Wrap up")),
        _key("campaign", "f3", "next_campaign", N_("Campaign")),
        _key("move_on", "enter", "move_on", N_("Next step"), priority=False),
        _key("cancel", "escape", "cancel", N_("Back to the script")),
        *[_key(f"pick_{n}", str(n), f"pick({n})", N_("Pick"), show=False, priority=False)
          for n in range(1, 10)],
        _key("appointments", "f7", "appointments", N_("Appointments")),  # last: where room is
    ]

    def __init__(self, backend: Backend, operator: str, scripts: dict[str, Script], *,
                 far_end: FarEnd | None = None, open_backend: bool = False,
                 campaign: str | None = None) -> None:
        """`campaign`: the name of the campaign to start on (else the first by name)."""
        super().__init__()
        self.backend = backend
        self.operator = operator
        self.operator_name = operator
        self.scripts = scripts  # by the `campaign` each file names
        self.by_campaign: dict[int, Script] = {}  # by campaign id (backends/scripts/linking.py)
        self.script_problems: list[str] = []
        self.far_end = far_end
        self.open_backend = open_backend
        self.start_on = campaign
        self.campaigns: list[Campaign] = []
        self.chosen = 0
        self._desk: OutboundDesk | None = None
        self.wrapping = False  # the outcomes are on the number keys
        self.busy = False  # a backend call is under way: keys wait for it
        self.quit_asked = False  # Ctrl+Q with a contact in hand was answered with a warning

    @property
    def ready(self) -> bool:
        return self._desk is not None

    @property
    def desk(self) -> OutboundDesk:
        assert self._desk is not None, "the workspace is not started"
        return self._desk

    def _new_desk(self) -> OutboundDesk:
        campaign = self.campaigns[self.chosen]
        return OutboundDesk(self.backend, self.operator, campaign,
                            self.by_campaign.get(campaign.id), self.far_end, self.operator_name)

    def compose(self) -> ComposeResult:
        yield Static("", id="ob-head")
        yield Static("", id="ob-contact")
        yield Static("", id="ob-script")
        yield Input(id="ob-answer", classes="hidden")
        yield Static("", id="ob-status")
        yield FittingFooter()  # F1 Help stays whatever else fits

    def on_mount(self) -> None:
        self.status(_("opening…"))
        self.start()

    @work(exclusive=True, exit_on_error=False, group="ob-start")
    async def start(self) -> None:
        try:
            if self.open_backend:
                await self.backend.open()
            self.campaigns = await self.backend.domain(CAMPAIGNS).list_campaigns()
            await self._link_scripts()
            with contextlib.suppress(NotFound):
                me = await self.backend.people.get_operator(self.operator)
                self.operator_name = me.display_name or me.name
        except BackendError as exc:
            self.status(exc.message)
            return
        if not self.campaigns:
            self.status(_("no campaign yet: a supervisor creates one (centralino campaign "
                          "create)"))
            return
        names = [c.name for c in self.campaigns]
        self.chosen = names.index(self.start_on) if self.start_on in names else 0
        self._desk = self._new_desk()
        self._campaign_chosen()
        backend_ready = getattr(self.app, "backend_ready", None)
        if backend_ready is not None:
            backend_ready()

    async def _link_scripts(self) -> None:
        """Each campaign's script: its stored link, else the script naming it, which is then
        recorded as its link so that renaming the campaign keeps it."""
        scripts = self.backend.domain(SCRIPTS)
        resolved = resolve([(c.id, c.name) for c in self.campaigns], self.scripts,
                           await scripts.list_links())
        for campaign_id, script_id in resolved.matched_by_name.items():
            with contextlib.suppress(Forbidden, Conflict):  # linked meanwhile: kept as it is
                await scripts.link_script(ScriptLinkDraft(campaign_id=campaign_id,
                                                          script_id=script_id,
                                                          by=self.operator))
        self.by_campaign = resolved.by_campaign
        self.script_problems = resolved.problems

    def _campaign_chosen(self) -> None:
        script = self.desk.script
        problems = script_problems(script, self.desk.campaign) if script else []
        problems += self.script_problems
        self.status(problems[0] if problems else _("{name}: F5 takes the next contact").format(
            name=self.desk.campaign.name))
        self.show()

    # -- what is shown -----------------------------------------------------------------------
    def show(self) -> None:
        if not self.ready:
            return
        desk = self.desk
        self.query_one("#ob-head", Static).update(panes.head(desk, self.wrapping))
        self.query_one("#ob-contact", Static).update(panes.contact(desk))
        answer = self.query_one("#ob-answer", Input)
        if self.wrapping:
            self.query_one("#ob-script", Static).update(panes.outcomes(desk))
            typed = False
        else:
            self.query_one("#ob-script", Static).update(panes.script(desk))
            run = desk.run
            typed = (run is not None and desk.call_id is not None and not run.finished
                     and run.left_at is None and run.step.ask in TYPED)
        if typed and answer.has_class("hidden"):
            answer.value = (desk.run.answers.get(desk.run.current, "")
                            if desk.run else "")
            answer.placeholder = panes.typed_hint(desk)
        answer.set_class(not typed, "hidden")
        self.refresh_bindings()  # the footer shows the keys that work now
        if typed:
            answer.focus()
        elif self.focused is answer:
            self.set_focus(None)

    def status(self, words: str) -> None:
        self.query_one("#ob-status", Static).update(render.content(words, max_length=300))

    # -- keys --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.ready:
            return action in ("cancel",)
        desk = self.desk
        if action == "cancel":
            return self.wrapping
        if action == "next_contact":
            return desk.contact is None
        if action == "dial":
            return desk.contact is not None and desk.call_id is None
        if action == "next_campaign":
            return desk.contact is None and len(self.campaigns) > 1
        if action in ("back", "leave"):
            return desk.run is not None and desk.call_id is not None and not self.wrapping
        if action == "wrap_up":
            return desk.contact is not None and not self.wrapping
        return True

    def action_appointments(self) -> None:
        """The appointments this operator booked (moved or called off there)."""
        open_appointments(self, self.backend, self.operator, None, booked_by_me=True)

    def action_next_campaign(self) -> None:
        self.chosen = (self.chosen + 1) % len(self.campaigns)
        self._desk = self._new_desk()
        self._campaign_chosen()

    @work(exclusive=True, exit_on_error=False, group="ob-next")
    async def action_next_contact(self) -> None:
        if self.desk.contact is not None:
            self.status(_("wrap up the contact in hand first (F8)"))
            return
        await self._guarded(self._take_next)

    async def _take_next(self) -> None:
        contact = await self.desk.take_next()
        self.wrapping = False
        if contact is None:
            self.status(_("no contact to call now in {name}").format(
                name=self.desk.campaign.name))
        elif self.desk.campaign.dial_mode is DialMode.PROGRESSIVE:
            await self._dial()
        else:
            self.status(_("preview: F6 dials, F8 records an outcome without dialling"))
        self.show()

    @work(exclusive=True, exit_on_error=False, group="ob-dial")
    async def action_dial(self) -> None:
        await self._guarded(self._dial)

    async def _dial(self) -> None:
        """Dial the contact in hand; progressive: on to the next while nobody answers."""
        while True:
            self.status(_("dialling…"))
            self.show()
            said = await self.desk.dial()
            self.status(said)
            if (self.desk.contact is not None
                    or self.desk.campaign.dial_mode is not DialMode.PROGRESSIVE):
                return
            if await self.desk.take_next() is None:
                self.status(_("{said}; no more contacts to call now").format(said=said))
                return

    async def _guarded(self, work_: Callable[[], Awaitable[None]]) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            await work_()
        except BackendError as exc:
            self.status(exc.message)
        finally:
            self.busy = False
            self.show()

    def action_pick(self, number: int) -> None:
        if self.wrapping:
            outcomes = self.desk.campaign.outcomes
            if number <= len(outcomes):
                self._finish(outcomes[number - 1].code)
            return
        run = self.desk.run
        if run is None or self.desk.call_id is None or run.finished or run.left_at:
            return
        if run.step.ask in (Ask.CHOICE, Ask.YES_NO):
            self._answer(str(number))

    def _answer(self, raw: str) -> bool:
        run = self.desk.run
        assert run is not None
        try:
            value = run.answer(raw)
        except BackendError as exc:
            self.status(exc.message)
            return False
        self.status(_("answer: {value} (Enter: next step)").format(
            value=run.label(run.current, value)))
        self.show()
        return True

    @on(Input.Submitted, "#ob-answer")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        run = self.desk.run
        if run is None:
            return
        if run.step.ask not in TYPED:  # the field was left focused behind a dialog
            self.action_move_on()
            return
        typed = event.value.strip() or run.step.required
        if typed and not self._answer(event.value):
            return
        self.action_move_on()

    def action_move_on(self) -> None:
        if self.wrapping:
            suggested = self.desk.suggested_outcome()
            if suggested:
                self._finish(suggested)
            return
        run = self.desk.run
        if run is None or self.desk.call_id is None or run.finished or run.left_at:
            return
        step = run.step
        try:
            triggered = run.advance()
        except BackendError as exc:
            self.status(exc.message)
            return
        self.query_one("#ob-answer", Input).add_class("hidden")
        if self.desk.after_step():
            self.status(_("the contact hung up: F8 to wrap up"))
        elif run.finished:
            self.status(_("end of the script: F8 to wrap up"))
        else:
            self.status("")
        self.show()
        for done in triggered:
            if done.action.do is Do.APPOINTMENT:
                day = run.answers.get(step.id, "") if step.ask is Ask.DATE else ""
                self.app.push_screen(AppointmentDialog(self.backend, self.desk.booking(
                    done.action.value or "Sales", day)), self._booked)

    def _booked(self, booked: Appointment | None) -> None:
        if booked is not None:
            self.desk.booked.append(booked)
            self.status(_("appointment booked with {person}, {when}").format(
                person=booked.person, when=render.local_time(booked.starts_at)))
        else:
            self.status(_("no appointment booked"))

    def action_back(self) -> None:
        run = self.desk.run
        if run is not None and run.left_at is None and run.back():
            self.query_one("#ob-answer", Input).add_class("hidden")
            self.status(_("back one step"))
            self.show()

    def action_leave(self) -> None:
        run = self.desk.run
        if run is not None and not run.finished:
            run.leave()
            self.status(_("script left: F8 to wrap up"))
            self.show()

    def action_wrap_up(self) -> None:
        self.wrapping = True
        self.query_one("#ob-answer", Input).add_class("hidden")
        self.status(_("pick the outcome (1-9; Enter: the script's; Esc: back)"))
        self.show()

    def action_cancel(self) -> None:
        if self.wrapping:
            self.wrapping = False
            self.status("")
            self.show()

    @work(exclusive=True, exit_on_error=False, group="ob-wrap")
    async def _finish(self, code: str) -> None:
        async def finish() -> None:
            said = await self.desk.wrap_up(code)
            self.wrapping = False
            self.status(said)
            await self._after_wrap_up()

        await self._guarded(finish)

    async def _after_wrap_up(self) -> None:
        """Progressive mode: the next contact as soon as the operator is free."""
        if self.desk.campaign.dial_mode is DialMode.PROGRESSIVE:
            self.show()
            if await self.desk.take_next() is not None:
                await self._dial()
