"""Debounced draft autosave for the ticket editor: every change restarts a short timer; when
it fires the draft is written by a worker thread (a save with its fsyncs costs ~10 ms, which
the event loop should not wait for). Writes carry a sequence number, so a slow older write
never lands after a newer one or after the draft was discarded.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

from backends.i18n import _
from screens.tickets.drafts import Draft, DraftStore

DRAFT_DELAY = 0.5  # seconds of quiet before the draft is written


class DraftKeeper:
    def __init__(self, owner: Widget, store: DraftStore,
                 snapshot: Callable[[], Draft | None]) -> None:
        """`snapshot()` returns the draft to keep now, or None when nothing is unsaved."""
        self.owner = owner
        self.store = store
        self.snapshot = snapshot
        self._timer: Timer | None = None
        self._lock = threading.Lock()
        self._seq = 0  # bumped per write or discard
        self._written = 0  # the newest sequence number that reached the disk
        self._loop_thread = threading.get_ident()

    def schedule(self) -> None:
        """A change happened: write the draft once typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(DRAFT_DELAY, self._due)

    def _due(self) -> None:
        self._timer = None
        draft = self.snapshot()
        if draft is None:
            return
        self._seq += 1
        seq = self._seq
        self.owner.run_worker(lambda: self._write(draft, seq), thread=True,
                              group="draft-write", exit_on_error=False)

    def flush(self) -> None:
        """Write now, in this thread (leaving a ticket, unmounting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        draft = self.snapshot()
        if draft is None:
            return
        self._seq += 1
        self._write(draft, self._seq)

    def discard(self, *keys: str | None) -> None:
        """The ticket was saved: forget its draft and drop writes still in flight."""
        problems: list[str] = []
        with self._lock:
            self._seq += 1
            self._written = self._seq
            for key in keys:
                if key is None:
                    continue
                try:
                    self.store.discard(key)
                except OSError as exc:  # the ticket is saved; a stale draft only costs a prompt
                    problems.append(_("Could not remove the draft: {why}").format(why=exc))
        for problem in problems:
            self._warn(problem)

    def _write(self, draft: Draft, seq: int) -> None:
        problem = None
        with self._lock:
            if seq <= self._written:
                return  # a newer write (or a discard) already happened
            try:
                self.store.save(draft)
            except OSError as exc:
                problem = _("Could not save the draft: {why}").format(why=exc)
            self._written = seq
        # warned with the lock released: from the worker thread the warning waits for the
        # event loop, and the loop may be waiting for this lock (a flush): both would hang
        if problem is not None:
            self._warn(problem)

    def _warn(self, message: str) -> None:
        if threading.get_ident() == self._loop_thread:
            self.owner.notify(message, severity="warning", markup=False)
        else:
            self.owner.app.call_from_thread(self.owner.notify, message, severity="warning",
                                            markup=False)
