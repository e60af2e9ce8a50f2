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
_language = "en"


def activate(language: str, localedir: Path | None) -> None:
    """Use `language`'s catalog; fall back to the English source strings when none exists."""
    global _translations, _date_time_format, _language
    _language = language.split("_")[0].lower()
    _date_time_format = DATE_TIME_FORMATS.get(language.split("_")[0].lower(),
                                              DATE_TIME_FORMATS["en"])
    if localedir is None or _language == "en":  # the source strings are the English text
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(DOMAIN, localedir, languages=[language], fallback=True)


def current_language() -> str:
    """The operator's language, as activated ("en" until then)."""
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Marks a string for the catalogs where it is written (key labels, pane titles) and is
    translated later, when shown, with `_()`; returns it unchanged."""
    return message


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


# the operator's language as a Babel locale, for what has words or separators of its own:
# weekday and month names, thousands separators, currencies
BABEL_LOCALES = {"en": "en_GB", "it": "it_IT", "hu": "hu_HU", "ro": "ro_RO"}


def _locale() -> str:
    return BABEL_LOCALES.get(_language, "en_GB")


def day_time(moment: datetime) -> str:
    """A moment of the coming days with its weekday, in the operator's language and in the
    moment's own time zone: "Mon 2 Mar 16:30", "lun 2 mar 16:30", "márc. 2., H 16:30",
    "lun., 2 mar. 16:30". Babel is imported here, not at start-up."""
    from babel.dates import format_skeleton

    locale = _locale()
    return (format_skeleton("MMMEd", moment, locale=locale) + " "
            + format_skeleton("Hm", moment, locale=locale))


def number(value: float, decimals: int = 0) -> str:
    """A number as the operator's language writes it: 12,345 / 12.345 / 12 345."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale())


def money(amount: float, currency: str = "EUR") -> str:
    """An amount of money in the operator's language: €12.50, 12,50 €, 12,50 EUR."""
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=_locale())
