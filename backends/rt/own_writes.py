"""Which RT changes are this backend's own, shared by its writers and its poller (so the
poller needs no reference to the backend; docs/ARCHITECTURE.md).

A write marks itself in progress (`writing()`); the poller skips a round while one is, or when
one started during its read (`generation` moved). `record` remembers the newest RT transaction
a write of ours caused on a subject, so the poller does not report it as somebody else's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


class OwnWrites:
    def __init__(self) -> None:
        self.inflight = 0
        self.generation = 0
        self._newest: dict[str, int] = {}  # subject → newest RT transaction id of ours

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        self.inflight += 1
        self.generation += 1
        try:
            yield
        finally:
            self.inflight -= 1

    def record(self, subject: str, transaction_id: int) -> None:
        self._newest[subject] = max(self._newest.get(subject, 0), transaction_id)

    def is_own(self, subject: str, transaction_id: int) -> bool:
        return transaction_id <= self._newest.get(subject, 0)
