"""Which language the console speaks: the `language` setting (config.toml or
CENTRALINO_LANGUAGE), else the locale (LC_ALL, LC_MESSAGES, LANG), else English.

`early_language` answers before the settings are loaded (pydantic costs more than the first
frame), so the boot outline and click's help are already in the operator's language; the
settings then validate the same choice and refuse a language we do not speak.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping

LANGUAGES = ("en", "it", "hu", "ro")
DEFAULT = "en"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The first locale variable that is set decides, as in POSIX (it_IT.UTF-8 → it); a
    locale whose language we do not speak (de_DE, C, POSIX) means English."""
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT


def early_language(environ: Mapping[str, str] | None = None) -> str:
    """The language as the settings will find it, read cheaply; anything unreadable or unknown
    is left for the settings to report, and English is used until then."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("CENTRALINO_LANGUAGE") or _configured(environ)
    if chosen:
        chosen = chosen.strip().lower()
        return chosen if chosen in LANGUAGES else DEFAULT
    return from_locale(environ)


def _configured(environ: Mapping[str, str]) -> str | None:
    from console import paths

    override = environ.get("CENTRALINO_CONFIG")
    path = os.path.expanduser(override) if override else str(paths.config_file())
    try:
        with open(path, "rb") as config:
            value = tomllib.load(config).get("language")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) else None


def activate_language(language: str) -> None:
    """Translate messages into `language`; English when the catalog folder is missing."""
    from backends.i18n import activate
    from console import paths

    try:
        localedir = paths.data_root() / "locale"
    except FileNotFoundError:
        localedir = None
    activate(language, localedir)


def activate_early() -> None:
    """Translate from here on into the language the operator will get."""
    activate_language(early_language())
