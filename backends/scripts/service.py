"""The scripts use cases over a `ScriptsStorage` (docs/ARCHITECTURE.md): the rules of
backends/scripts/rules.py run here, once, for every store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends.errors import Conflict, Forbidden, Invalid
from backends.i18n import _
from backends.people.models import Role
from backends.revalidation import revalidate
from backends.scripts import rules
from backends.scripts.models import ScriptAnswers, ScriptLink

if TYPE_CHECKING:
    from backends.scripts.inputs import ScriptAnswersDraft, ScriptLinkDraft
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

    async def link_script(self, draft: ScriptLinkDraft) -> ScriptLink:
        draft = revalidate(draft)

        def write(tx: ScriptsWriter) -> ScriptLink:
            role = tx.role_of(draft.by)
            if role is None:
                raise Forbidden(_("'{by}' is not an operator").format(by=draft.by))
            before = tx.link_of(draft.campaign_id)
            if before is not None and before.script_id == draft.script_id:
                return before  # already so: nothing to record
            if before is not None and role not in (Role.SUPERVISOR, Role.ADMIN):
                raise Forbidden(_("campaign {id} is worked with script '{script}': only a "
                                  "supervisor changes that").format(
                    id=draft.campaign_id, script=before.script_id))
            stored = tx.put_link(draft.model_dump())
            tx.append_event("script.linked", f"campaign:{draft.campaign_id}", {
                "script_id": draft.script_id, "by": draft.by,
                "was": before.script_id if before else None})
            return stored

        return await self.storage.write(write)

    async def list_links(self) -> list[ScriptLink]:
        return await self.storage.list_links()
