"""Which backend a URL names, and the file a sqlite URL points at. Plain string work with no
pydantic, so the console can refuse a bad --backend before it draws anything."""

from __future__ import annotations

from pathlib import Path

from backends.errors import Invalid
from backends.i18n import _


def scheme_of(url: str) -> str:
    """The backend name a URL asks for."""
    lowered = url.strip().lower()
    if lowered.startswith(("rt+http://", "rt+https://")):
        return "rt"
    if lowered.startswith(("http://", "https://")):
        return "http"
    if lowered.startswith(("postgresql://", "postgres://")):
        return "postgresql"
    if lowered.startswith("sqlite:") or "://" not in lowered:
        return "sqlite"
    raise Invalid("backend", _("'{url}' is not a backend URL (sqlite:///file, https://…, "
                               "rt+https://…, postgresql://…)").format(url=url))


def sqlite_path(url: str) -> Path:
    """The file a sqlite URL or plain path points at (sqlite:///rel, sqlite:////abs)."""
    text = url.strip()
    if scheme_of(text) != "sqlite":  # an http or rt URL is no file name
        raise Invalid("backend", _("'{url}' is not a sqlite URL or a file path").format(url=url))
    if text[:9].lower() == "sqlite://":
        text = text[9:]
        text = text.removeprefix("/") if not text.startswith("//") else text[1:]
    elif text[:7].lower() == "sqlite:":
        text = text[7:]
    if not text:
        raise Invalid("backend", _("the sqlite URL names no file"))
    return Path(text).expanduser()
