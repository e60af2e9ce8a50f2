"""The console's clock, apart from screens.common.render so the first frame can be drawn before the
domain models (pydantic) are imported. Tests pass a frozen clock instead.
(docs/ARCHITECTURE.md, "screens/")"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)
