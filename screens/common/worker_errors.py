"""Worker failures nobody caught, made visible (docs/ARCHITECTURE.md, "screens/").

`Worker.StateChanged` goes to the widget that started the worker and does not bubble, so a
worker that dies of anything but the errors it handles itself (BackendError, ValueError) would
otherwise vanish without a word. Mix `WorkerErrorReporter` into a widget (before `Widget`) and
such a failure becomes an error notification, sanitised by screens.common.render.notify_error.
"""

from __future__ import annotations

import logging

from textual.worker import Worker, WorkerState

from backends.i18n import _
from screens.common.render import Notifier, notify_error

log = logging.getLogger(__name__)


def failure_text(error: BaseException | None) -> str:
    """One line for the operator: what failed, without a traceback."""
    if error is None:
        return _("An operation failed")
    detail = str(error) or type(error).__name__
    return _("An operation failed: {why}").format(why=detail)


class WorkerErrorReporter:
    """Mixin for a Widget: report its workers that ended in the ERROR state."""

    # typed by what it uses of its widget (a protocol as the self type), not as its host
    def on_worker_state_changed(self: Notifier, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("worker %s failed", event.worker.name, exc_info=error)
        notify_error(self, failure_text(error))
