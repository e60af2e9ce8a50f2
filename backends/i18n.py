"""The translation function every user-facing string goes through: `_("…")`.

It lives at the bottom layer so backends (error messages), screens and the CLI share one
catalog. The console activates a language at start; until then strings pass through unchanged. The
language also picks the one date-time format every screen and report uses (`date_time`).
Catalogs are gettext `.mo` files under data/locale/<lang>/LC_MESSAGES/centralino.mo.
"""

from __future__ import annotations

import gettext
from datetime import UTC, datetime
from functools import cache
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
_localedir: Path | None = None


def activate(language: str, localedir: Path | None) -> None:
    """Use `language`'s catalog; fall back to the English source strings when none exists."""
    global _translations, _date_time_format, _language
    _language = language.split("_")[0].lower()
    _date_time_format = DATE_TIME_FORMATS.get(language.split("_")[0].lower(),
                                              DATE_TIME_FORMATS["en"])
    global _localedir
    _localedir = localedir
    if localedir is None or _language == "en":  # the source strings are the English text
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(DOMAIN, localedir, languages=[language], fallback=True)


def gettext_in(language: str, message: str) -> str:
    """`message` in another language than the operator's (what the caller hears, in the
    caller's language): that language's catalog, read once; the English source without one."""
    language = language.split("_")[0].lower()
    if language == _language:
        return _(message)
    if _localedir is None or language == "en":
        return message
    return _other_catalog(language, _localedir).gettext(message)


@cache
def _other_catalog(language: str, localedir: Path) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir, languages=[language], fallback=True)


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


def pgettext(context: str, message: str) -> str:
    """A message whose meaning depends on `context` (a department named "Sales" is not the
    word "Sales" of a button): the translators see the context beside it."""
    return _translations.pgettext(context, message)


def NC_(context: str, message: str) -> str:
    """Marks a message with its context for the catalogs (translated later with
    `pgettext(context, message)`); returns it unchanged."""
    return message


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


def _locale(language: str | None = None) -> str:
    return BABEL_LOCALES.get(language or _language, "en_GB")


def weekday_time(moment: datetime, language: str | None = None) -> str:
    """A time of this week with its weekday, in the operator's language and the moment's own
    time zone: "Mon 10:00", "lun 10:00", "H 10:00", "lun. 10:00"."""
    from babel.dates import format_skeleton

    return format_skeleton("EHm", moment, locale=_locale(language))


def day_time(moment: datetime, language: str | None = None) -> str:
    """A moment of the coming days with its weekday, in the operator's language and in the
    moment's own time zone: "Mon 2 Mar 16:30", "lun 2 mar 16:30", "márc. 2., H 16:30",
    "lun., 2 mar. 16:30". Babel is imported here, not at start-up."""
    from babel.dates import format_skeleton

    locale = _locale(language)  # another language than the operator's: the caller's
    return (format_skeleton("MMMEd", moment, locale=locale) + " "
            + format_skeleton("Hm", moment, locale=locale))


def number(value: float, decimals: int = 0, *, up_to: bool = False) -> str:
    """A number as the operator's language writes it: 12,345 / 12.345 / 12 345; `decimals`
    digits after the separator, or at most that many (no trailing zeros) with `up_to`."""
    if not decimals and type(value) is int and 0 <= value < 1000:  # not a bool
        # written alike in every language we ship (Latin digits, no group separator): no need
        # to load Babel's locale data, about 5 MB (a trainee's "step 2 of 5")
        return str(value)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + ("#" if up_to else "0") * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale())


def percent(share: float, decimals: int = 0) -> str:
    """A share (0.031) as a percentage in the operator's language: 3.1% / 3,1% / 3,1 %."""
    from babel import Locale
    from babel.numbers import format_percent

    locale = _locale()
    pattern = Locale.parse(locale).percent_formats[None].pattern  # where the sign goes
    if decimals:
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    return format_percent(share, format=pattern, locale=locale)


def money(amount: float, currency: str = "EUR") -> str:
    """An amount of money in the operator's language: €12.50, 12,50 €, 12,50 EUR."""
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=_locale())
