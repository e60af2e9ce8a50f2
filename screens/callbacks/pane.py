"""The callbacks panel's pane, for the pane registry (screens/panes.py;
docs/ARCHITECTURE.md). It reads the store when it mounts, so it is built once the store is
open; it follows callback events. A backend without the callbacks domain shows a line saying
so instead."""

from __future__ import annotations

from textual.widget import Widget

from backends.i18n import N_
from screens.callbacks.callback_keys import CALLBACK_KEYS
from screens.common.keys import KeySpec
from screens.common.pane_spec import Built, PaneContext, PaneSpec


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


CALLBACK_PANE = PaneSpec(
    "callbacks", N_("Callbacks ^Y"), "right", _panel, Built.ONCE_OPEN,
    subjects=frozenset({"callback"}), widget_keys=CALLBACK_KEYS, keys_title=N_("Callbacks"),
    key=KeySpec("show_callbacks", "ctrl+y", "show_pane('callbacks')", N_("Callbacks"),
                N_("Show the callbacks due to you"), show=False))
