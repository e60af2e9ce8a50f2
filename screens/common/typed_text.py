"""Text typed into a field just before the focus event reaches it is kept (the ticket editor's
type-ahead, the lookup's type-to-search; docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from textual.widgets import Input

KEEP_ON_FOCUS_SECONDS = 1.0


def keep_on_focus(field: Input) -> None:
    """Text just put in `field` stays when the focus event that is on its way arrives (it
    would select everything, and the next key would type over it). The focus event comes
    through the app's queue at no set point, hence a short while rather than the next message."""
    select_on_focus = field.select_on_focus
    field.select_on_focus = False

    def restore() -> None:
        field.select_on_focus = select_on_focus

    field.set_timer(KEEP_ON_FOCUS_SECONDS, restore)
