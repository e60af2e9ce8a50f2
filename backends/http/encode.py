"""How the domain clients put values into paths, query strings and bodies.

Part of the http client (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from backends.wire.search import SEARCH_MAX


def segment(text: str) -> str:
    """A value made safe to put in a URL path (a name with '/' or '?' stays one segment)."""
    return quote(text, safe="")


def query(**values: Any) -> list[tuple[str, Any]]:
    """Query parameters without the unset (None) ones; a list becomes a repeated key."""
    out: list[tuple[str, Any]] = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list):
            out.extend((key, item) for item in value)
        else:
            out.append((key, value))
    return out


def changes(model: BaseModel) -> dict[str, Any]:
    """Only the fields the caller set (an explicit None clears a field; unset ones stay)."""
    return model.model_dump(mode="json", exclude_unset=True)


def search_text(text: str) -> str:
    """The part of a search text any backend reads (its first 200 characters once stripped),
    within the server's bound on a search body."""
    return text.strip()[:SEARCH_MAX]
