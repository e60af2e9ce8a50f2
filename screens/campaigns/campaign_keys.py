"""The keys of the supervisor's campaign view, with stable ids (remappable like every key:
screens/common/keys.py). Letters: the view has no text field outside its dialog."""

from __future__ import annotations

from textual.binding import BindingType

from backends.i18n import N_
from screens.common.keys import KeySpec, binding

CAMPAIGN_KEYS: tuple[KeySpec, ...] = (
    KeySpec("campaign_new", "n", "new", N_("New"), N_("Create a campaign")),
    KeySpec("campaign_change", "e", "change", N_("Change"),
            N_("Change the selected campaign's key settings")),
    KeySpec("campaign_refresh", "r", "refresh", N_("Refresh"), N_("Read every campaign again")),
)


def bindings() -> list[BindingType]:
    return [binding(spec) for spec in CAMPAIGN_KEYS]
