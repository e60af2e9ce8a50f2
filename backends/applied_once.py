"""A request a backend applies at most once, even if its answer is lost with the server.

The server answers a retried request (same Idempotency-Key) from the answer it stored once the
write had committed. A server killed between the commit and storing the answer would, after
the claim on the key expired, run the retry's write a second time. A backend that can mark
the request inside the write's own transaction closes that gap: mark and change commit
together or not at all, and a later write under the same mark is refused with `AlreadyApplied`
and nothing changed (the SQLite store does; backends that cannot ignore the mark).

    with applied_once(operator, key):
        await backend.tickets.create_ticket(draft)   # its first write transaction carries the mark
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from backends.errors import Conflict
from backends.i18n import _


@dataclass
class RequestMark:
    scope: str  # whose key it is (the operator): keys of different callers never meet
    key: str
    applied: bool = False  # set once a write carrying the mark has committed


CURRENT: ContextVar[RequestMark | None] = ContextVar("centralino_request_mark", default=None)


class AlreadyApplied(Conflict):
    """The request's write committed before, but its answer was lost (HTTP 409)."""

    def __init__(self) -> None:
        super().__init__(_("this request was already carried out, but its answer was lost "
                           "when the server stopped; reload to see the result"))


@contextmanager
def applied_once(scope: str, key: str) -> Iterator[RequestMark]:
    """Writes made inside this block (in this task) carry the mark of (scope, key)."""
    mark = RequestMark(scope, key)
    token = CURRENT.set(mark)
    try:
        yield mark
    finally:
        CURRENT.reset(token)
