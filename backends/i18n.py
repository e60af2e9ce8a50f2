"""The translation function every user-facing string goes through: `_("…")`.

It lives at the bottom layer so backends (error messages), screens and the CLI share one
catalog. The console activates a language at start; until then strings pass through unchanged.
Catalogs are gettext `.mo` files under data/locale/<lang>/LC_MESSAGES/centralino.mo.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "centralino"
_translations: gettext.NullTranslations = gettext.NullTranslations()


def activate(language: str, localedir: Path | None) -> None:
    """Use `language`'s catalog; fall back to the English source strings when none exists."""
    global _translations
    if localedir is None:
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(DOMAIN, localedir, languages=[language], fallback=True)


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)
