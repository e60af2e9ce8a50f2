"""Path and query parameters every router bounds the same way: record ids and list lengths.

Part of the server (docs/ARCHITECTURE.md); the fast read path (fast_reads.py) applies the
same bounds, so it refuses exactly what FastAPI refuses.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from backends.wire.core import MAX_LIMIT

MAX_ID = 2**62
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
