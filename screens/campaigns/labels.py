"""A campaign's codes as a person reads them, in their language: its dial mode, its purpose and
its outcomes (an outcome's label is the campaign's own; the default set's are catalog
messages). The codes stay what is typed and stored (docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from backends.campaigns.models import Campaign, DialMode, Purpose
from backends.i18n import NC_, _, pgettext
from backends.sanitize import clean_line

_MODES = {DialMode.PREVIEW: NC_("dial mode", "preview"),
          DialMode.PROGRESSIVE: NC_("dial mode", "progressive")}
_PURPOSES = {Purpose.TELEMARKETING: NC_("purpose", "telemarketing"),
             Purpose.TELESELLING: NC_("purpose", "teleselling"),
             Purpose.APPOINTMENTS: NC_("purpose", "appointments"),
             Purpose.SURVEY: NC_("purpose", "survey"),
             Purpose.CARE_FOLLOW_UP: NC_("purpose", "care follow-up")}


def mode_label(mode: DialMode) -> str:
    return pgettext("dial mode", _MODES[mode])


def purpose_label(purpose: Purpose) -> str:
    return pgettext("purpose", _PURPOSES[purpose])


def outcome_label(campaign: Campaign, code: str) -> str:
    """The outcome's label (translated when the catalogs know it), its code when the
    campaign no longer lists it."""
    found = next((o for o in campaign.outcomes if o.code == code), None)
    return _(found.label) if found is not None else clean_line(code, 30)
