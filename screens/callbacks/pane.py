"""The callbacks panel's pane, for the pane registry (screens/panes.py;
docs/ARCHITECTURE.md). It reads the store when it mounts, so it is built once the store is
open; it follows callback events. A backend without the callbacks domain shows a line saying
so instead. A personal callback handed over to anyone is told to its owner and the supervisors
(the event's `tell`) by the pane's notice, whether or not the pane was opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from backends.i18n import N_
from screens.callbacks.callback_keys import CALLBACK_KEYS
from screens.common.keys import KeySpec
from screens.common.pane_spec import Built, PaneContext, PaneSpec

if TYPE_CHECKING:
    from backends.feed.models import Event


def _panel(context: PaneContext) -> Widget:
    from textual.widgets import Static

    from backends.i18n import _
    from screens.callbacks.booking import optional_callbacks
    from screens.callbacks.callback_panel import CallbackPanel

    callbacks = optional_callbacks(context.backend)
    if callbacks is None:
        return Static(_("This store keeps no callbacks."), id="callbacks", markup=False)
    from screens.callbacks.follow_up import FollowUpSource

    surveys = FollowUpSource.of(context.backend).surveys
    return CallbackPanel(callbacks, context.operator_name, surveys=surveys, id="callbacks")


def handover_notice(event: Event, operator_name: str) -> str | None:
    """The line a person named in a hand-over's `tell` (the owner, the supervisors) reads."""
    if event.kind != "callback.handed_over" or operator_name not in event.data.get("tell", ()):
        return None
    from backends.i18n import _
    from screens.common import render

    return _("Callback {id} of {owner} was not made in time: it is now for anyone").format(
        id=event.subject_id, owner=render.clean_line(event.data.get("owner"), 40))


CALLBACK_PANE = PaneSpec(
    "callbacks", N_("Callbacks ^Y"), "right", _panel, Built.ONCE_OPEN,
    subjects=frozenset({"callback"}), widget_keys=CALLBACK_KEYS, keys_title=N_("Callbacks"),
    key=KeySpec("show_callbacks", "ctrl+y", "show_pane('callbacks')", N_("Callbacks"),
                N_("Show the callbacks due to you"), show=False),
    notice=handover_notice)
