"""What every request and answer shares: the path prefix, headers, versions as ETags, bounds.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import re

API_PREFIX = "/v1"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_BODY_BYTES = 1024 * 1024
IDEMPOTENCY_KEY_MAX = 200
MAX_LIMIT = 1000  # the longest list one request may ask for

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def etag(version: int) -> str:
    """The ETag of a record: its version, quoted as RFC 9110 wants."""
    return f'"{int(version)}"'


def parse_if_match(value: str | None) -> int | None:
    """The version an If-Match header names; None when it names none we understand."""
    if value is None:
        return None
    match = _ETAG.match(value)
    return int(match.group(1)) if match else None
