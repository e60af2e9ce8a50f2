"""The working panes of the main screen (#work), built from the pane registry
(screens/panes.py): the left switcher holds the left panes plus tab-only stand-ins for the
right ones, shown only when compact; the right switcher holds the right panes, its own tabs
shown only when wide. Compact shows one side at a time (`-front-left` / `-front-right` on the
screen, whose stylesheet arranges both). See screens/main_screen.py and docs/ARCHITECTURE.md.

A pane that reads the store (Built.ONCE_OPEN) holds a "Connecting…" placeholder until the
store is open; then it is built at once if it is in front, else when first shown or used: a
quicker start, and nothing built that the operator does not open. A pane with an idle text
(PaneSpec.idle_text: the ticket editor, empty until a ticket is given) shows that text instead
and is built on first use even in front.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.widget import AwaitMount, Widget
from textual.widgets import Static, TabbedContent, TabPane

from backends.i18n import _
from screens.common.pane_spec import Built, PaneContext, PaneSpec
from screens.panes import BY_ID, PANES

LEFT = tuple(pane for pane in PANES if pane.side == "left")
RIGHT = tuple(pane for pane in PANES if pane.side == "right")


def tab_id(pane: PaneSpec) -> str:
    return f"pane-{pane.id}" if pane.side == "left" else f"work-{pane.id}"


def placeholder_id(pane: PaneSpec) -> str:
    """What holds a pane's slot until it may be built (not the pane's own id)."""
    return f"{pane.id}-waiting"


class WorkArea(Container):
    def __init__(self, context: PaneContext, *, id: str | None = "work") -> None:
        super().__init__(id=id)
        self.context = context
        # the arrangement (None until first shown) and the pane chosen on each side
        self.wide: bool | None = None
        self._left, self._right = LEFT[0].id, RIGHT[0].id
        self.opened = False  # the store is open: panes that read it may be built
        self._mounting: dict[str, AwaitMount] = {}  # panes built on demand: their mounts

    def compose(self) -> ComposeResult:
        with TabbedContent(id="panes", initial=tab_id(LEFT[0])):
            for pane in LEFT:
                with TabPane(_(pane.tab), id=tab_id(pane)):
                    if pane.built is Built.AT_START:
                        yield pane.build(self.context)
            # compact only: the tabs of the right side's panes, in this tab bar
            for pane in RIGHT:
                yield TabPane(_(pane.tab), id=f"pane-{pane.id}", classes="stand-in")
        with TabbedContent(id="panes-right", initial=tab_id(RIGHT[0])):
            for pane in RIGHT:
                with TabPane(_(pane.tab), id=tab_id(pane)):
                    if pane.built is Built.AT_START:
                        yield pane.build(self.context)
                    elif pane.built is Built.ONCE_OPEN:
                        yield Static(_("Connecting…"), id=placeholder_id(pane), markup=False)

    async def store_opened(self) -> None:
        """The panes that read the store may be built from now on; those in front are built
        now (and awaited), the others when first shown or used."""
        self.opened = True
        front = {self._left} | ({self._right} if self.wide else set())
        for pane in PANES:
            if pane.built is not Built.ONCE_OPEN:
                continue
            if pane.idle_text:
                for placeholder in self.query(f"#{placeholder_id(pane)}"):
                    if isinstance(placeholder, Static):
                        placeholder.update(_(pane.idle_text))
            elif pane.id in front:
                await self.ready_widget(pane.id)

    def _buildable(self, pane: PaneSpec) -> bool:
        return pane.built is Built.ON_FIRST_USE or (pane.built is Built.ONCE_OPEN
                                                     and self.opened)

    def built(self, pane_id: str) -> Widget | None:
        """The pane's widget if it is built (it may still be mounting), else None."""
        found = self.query(f"#{pane_id}")  # a mounted child is in the DOM at once
        return found.first() if found else None

    def usable(self, pane_id: str) -> bool:
        """Its widget is built or may be built now (not while a placeholder must stay)."""
        return self.built(pane_id) is not None or self._buildable(BY_ID[pane_id])

    def widget(self, pane_id: str) -> Widget:
        """The pane's widget, built now if it may be. Usable at once for calls that wait in
        its message queue; `ready_widget` waits until it is mounted. While the store is not
        open, a pane that reads it answers with its placeholder."""
        found = self.built(pane_id)
        if found is not None:
            return found
        pane = BY_ID[pane_id]
        if not self._buildable(pane):
            return self.query_one(f"#{placeholder_id(pane)}")
        for placeholder in self.query(f"#{placeholder_id(pane)}"):
            placeholder.remove()
        widget = pane.build(self.context)
        self._mounting[pane_id] = self.query_one(f"#{tab_id(pane)}", TabPane).mount(widget)
        return widget

    async def ready_widget(self, pane_id: str) -> Widget:
        """The pane's widget once mounted, built now if it may be (see `widget`)."""
        widget = self.widget(pane_id)
        mounting = self._mounting.get(pane_id)
        if mounting is not None and not widget.is_mounted:
            await mounting
        return widget

    @on(TabbedContent.TabActivated)
    def _pane_opened(self, event: TabbedContent.TabActivated) -> None:
        pane_id = (event.pane.id or "").split("-", 1)[-1]
        pane = BY_ID.get(pane_id)
        if pane is not None and self._buildable(pane):
            self.widget(pane_id)  # shown: built now if it was waiting for its first use
        if event.tabbed_content.id == "panes-right":
            self._right = pane_id
        elif pane is not None and pane.side == "right":
            # a stand-in tab (compact): bring the right side forward
            self._right = pane_id
            self.query_one("#panes-right", TabbedContent).active = tab_id(pane)
            self._set_front("right")
        elif pane_id:
            self._left = pane_id
            self._set_front("left")

    # -- re-flow across the width breakpoint ----------------------------------------------
    def reflow(self, wide: bool) -> bool:
        """Show the arrangement for this width, keeping every widget (and what it holds);
        False when it is already shown."""
        if wide == self.wide:
            return False
        self.wide = wide
        # the breakpoint classes as well: Textual sets them on resize, this covers the start
        self.screen.set_class(wide, "-wide")
        self.screen.set_class(not wide, "-compact")
        left = self.query_one("#panes", TabbedContent)
        if wide:
            left.active = f"pane-{self._left}"  # before hiding: never a hidden active tab
            for pane in RIGHT:
                left.hide_tab(f"pane-{pane.id}")
        else:
            for pane in RIGHT:
                left.show_tab(f"pane-{pane.id}")
            # the side being worked on stays in front
            focused = self.screen.focused
            right = self.query_one("#panes-right")
            front = "right" if focused is not None and right in focused.ancestors else "left"
            self._set_front(front)
            left.active = f"pane-{self._right}" if front == "right" else f"pane-{self._left}"
        in_view = BY_ID[self._right]
        if wide and self._buildable(in_view) and not in_view.idle_text:
            self.widget(self._right)  # the right side comes into view
        return True

    def _set_front(self, side: str) -> None:
        self.screen.set_class(side == "left", "-front-left")
        self.screen.set_class(side == "right", "-front-right")

    # -- bringing a pane forward ------------------------------------------------------------
    def show_pane(self, pane_id: str, *, focus: bool = True) -> None:
        left = self.query_one("#panes", TabbedContent)
        if BY_ID[pane_id].side == "right":
            self._right = pane_id
            self.query_one("#panes-right", TabbedContent).active = f"work-{pane_id}"
            if not self.wide:
                left.active = f"pane-{pane_id}"
                self._set_front("right")
        else:
            self._left = pane_id
            left.active = f"pane-{pane_id}"
            self._set_front("left")
        if not focus and self._focus_left_behind(pane_id):
            focus = True  # the focus stays with the pane in front, never in a hidden one
        if focus:
            target = self.widget(pane_id)
            focus_input = getattr(target, "focus_input", None)  # a field of its own first
            if callable(focus_input):
                focus_input()
            elif target.can_focus:
                target.focus()
            else:
                self.call_after_refresh(self._focus_first_in, target)

    def _focus_left_behind(self, pane_id: str) -> bool:
        """True when the focus is in another pane of the switcher `pane_id` now fronts: it
        would stay in a hidden pane, and Textual would bring that pane back to the front."""
        focused = self.screen.focused
        if focused is None:
            return False
        switchers = [self.query_one("#panes", TabbedContent)]
        if BY_ID[pane_id].side == "right":
            switchers.append(self.query_one("#panes-right", TabbedContent))
        target = self.built(pane_id)
        inside_target = target is not None and (focused is target or target in focused.ancestors)
        return not inside_target and any(s in focused.ancestors for s in switchers)

    def focus_into(self, pane_id: str) -> None:
        """Focus the pane unless the focus is already inside it (the editor puts it on the
        subject itself; moving it again would select what the operator is typing)."""
        target = self.widget(pane_id)
        focused = self.screen.focused
        if focused is not None and (focused is target or target in focused.ancestors):
            return
        self.show_pane(pane_id)

    def _focus_first_in(self, widget: Widget) -> None:
        for child in widget.query("*"):
            if child.focusable:
                child.focus()
                return
