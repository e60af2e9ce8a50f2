"""The scripts use cases over a `ScriptsStorage` (docs/ARCHITECTURE.md): the rules of
backends/scripts/rules.py run here, once, for every store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.model_base import revalidate
from backends.scripts import rules
from backends.scripts.models import ScriptAnswers, ScriptAnswersDraft

if TYPE_CHECKING:
    from backends.scripts.storage import ScriptsStorage, ScriptsWriter


class ScriptsService:
    """The `Scripts` interface (backends/scripts/api.py) over a `ScriptsStorage`."""

    def __init__(self, storage: ScriptsStorage) -> None:
        self.storage = storage

    async def record_answers(self, draft: ScriptAnswersDraft) -> ScriptAnswers:
        draft = revalidate(draft)
        rules.check(draft)

        def write(tx: ScriptsWriter) -> ScriptAnswers:
            if not tx.call_exists(draft.call_id):
                raise Invalid("call_id", _("there is no call {id}").format(id=draft.call_id))
            stored = tx.insert_answers(draft.model_dump())
            if stored is None:
                raise Conflict(_("the script answers of call {id} are already stored")
                               .format(id=draft.call_id))
            tx.append_event("script.answered", f"script-answers:{stored.id}", {
                "call_id": draft.call_id, "operator": draft.operator,
                "campaign_id": draft.campaign_id, "contact_id": draft.contact_id})
            return stored

        return await self.storage.write(write)

    async def list_answers(self, *, call_id: int | None = None,
                           campaign_id: int | None = None, contact_id: int | None = None,
                           customer_id: int | None = None,
                           limit: int = 100) -> list[ScriptAnswers]:
        return await self.storage.list_answers(
            call_id=call_id, campaign_id=campaign_id, contact_id=contact_id,
            customer_id=customer_id, limit=min(max(0, int(limit)), rules.MAX_LIST))
