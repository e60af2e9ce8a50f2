"""The search body customers and tickets share. Part of the wire contract (backends/wire,
docs/ARCHITECTURE.md)."""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model
from backends.wire.core import MAX_LIMIT

# A search reads the first 200 characters (and a phone number is at most 60, backends.phones):
# longer texts are refused rather than carried through the server's caches and logs.
SEARCH_MAX = 1000


class SearchRequest(Model):
    """Searches travel in a POST body so names and phone numbers stay out of URLs and logs."""

    q: str = Field(default="", max_length=SEARCH_MAX,
                   description="any text; searched literally")
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
