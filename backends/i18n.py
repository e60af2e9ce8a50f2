"""The translation function every user-facing string goes through: `_("…")`.

It lives at the bottom layer so backends (error messages), screens and the CLI share one
catalog. The console activates a language at start; until then strings pass through unchanged. The
language also picks the one date-time format every screen and report uses (`date_time`).
Catalogs are gettext `.mo` files under data/locale/<lang>/LC_MESSAGES/centralino.mo.
"""

from __future__ import annotations

import gettext
from datetime import UTC, datetime
from pathlib import Path

DOMAIN = "centralino"
_translations: gettext.NullTranslations = gettext.NullTranslations()

# The one date-time format, as the operator's language writes it (numbers only: no month
# names to translate). The console's language picks it at start (`activate`).
DATE_TIME_FORMATS = {
    "en": "%d/%m/%Y %H:%M",
    "it": "%d/%m/%Y %H:%M",
    "hu": "%Y.%m.%d. %H:%M",
    "ro": "%d.%m.%Y %H:%M",
}
_date_time_format = DATE_TIME_FORMATS["en"]


def activate(language: str, localedir: Path | None) -> None:
    """Use `language`'s catalog; fall back to the English source strings when none exists."""
    global _translations, _date_time_format
    _date_time_format = DATE_TIME_FORMATS.get(language.split("_")[0].lower(),
                                              DATE_TIME_FORMATS["en"])
    if localedir is None:
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(DOMAIN, localedir, languages=[language], fallback=True)


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)


def date_time(moment: datetime | None) -> str:
    """A moment in the one date-time format of the operator's language, in local time; a
    naive moment is read as UTC (how the stores keep them)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime(_date_time_format)
