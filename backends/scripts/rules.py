"""The scripts domain's rules on stored answers. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends.errors import Invalid
from backends.i18n import _

if TYPE_CHECKING:
    from backends.scripts.inputs import ScriptAnswersDraft

MAX_LIST = 10_000  # answers one list returns at most (the export pages by campaign)


def check(draft: ScriptAnswersDraft) -> None:
    """One answer per step: a step answered twice means the path was not followed."""
    seen: set[str] = set()
    for index, given in enumerate(draft.answers):
        if given.step in seen:
            raise Invalid(f"answers[{index}].step", _(
                "the step '{step}' is answered twice").format(step=given.step))
        seen.add(given.step)
    if draft.completed and draft.left_at:
        raise Invalid("left_at", _("a finished script was not left part way"))
