"""The messages use cases over a `MessagesStorage` (docs/ARCHITECTURE.md): the rules of
backends/messages/rules.py run here, once, for every store; each use case is one transaction.
The e-mail itself is sent by backends/messages/mailer.py, which claims and records through
this service, so a message is mailed once whichever console or process sends it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backends.errors import Conflict, Invalid
from backends.i18n import _
from backends.messages import rules
from backends.messages.models import Message
from backends.revalidation import revalidate

if TYPE_CHECKING:
    from backends.messages.inputs import MessageDraft
    from backends.messages.storage import MessagesStorage, MessagesWriter


class MessagesService:
    """The `Messages` interface (backends/messages/api.py) over a `MessagesStorage`."""

    def __init__(self, storage: MessagesStorage) -> None:
        self.storage = storage

    async def take_message(self, draft: MessageDraft) -> Message:
        draft = revalidate(draft)
        rules.check_draft(draft)

        def write(tx: MessagesWriter) -> Message:
            found = tx.recipient(draft.for_name)
            if found is None:
                raise Invalid("for_name", _("there is no colleague or department named "
                                            "'{name}'").format(name=draft.for_name))
            name, mail_to = found
            number, customer_id = draft.number, None
            if draft.call_id is not None:
                caller, customer_id = tx.call_facts(draft.call_id)
                number = number or caller
            message_id = tx.insert_message({
                **draft.model_dump(), "for_name": name, "number": number,
                "customer_id": customer_id, "created_at": tx.now, "mail_to": mail_to})
            tx.append_event("message.taken", f"message:{message_id}",
                            {"for": name, "customer_id": customer_id,
                             "urgency": draft.urgency.value})
            return tx.get_message(message_id)

        return await self.storage.write(write)

    async def get_message(self, message_id: int) -> Message:
        return await self.storage.get_message(message_id)

    async def inbox(self, recipient: str, *, include_done: bool = False) -> list[Message]:
        return await self.storage.inbox(recipient, include_done, rules.INBOX_LIMIT)

    async def unread_count(self, recipient: str) -> int:
        return await self.storage.unread_count(recipient)

    async def for_customer(self, customer_id: int) -> list[Message]:
        return await self.storage.for_customer(customer_id, rules.INBOX_LIMIT)

    async def _mark(self, message_id: int, by: str, done: bool) -> Message:
        if not by or not by.strip():
            raise Invalid("by", _("a message is handled by a named operator"))

        def write(tx: MessagesWriter) -> Message:
            message = tx.get_message(message_id)
            rules.check_may_handle(message, by, tx.role_of(by))
            fields: dict[str, object] = {"read_at": message.read_at or tx.now}
            if done and message.done_at is None:
                fields |= {"done_at": tx.now, "done_by": by}
            if not tx.update_if_version(message_id, message.version, fields):
                raise Conflict(_("message {id} changed meanwhile").format(id=message_id),
                               current=tx.get_message(message_id))
            tx.append_event("message.done" if done else "message.read",
                            f"message:{message_id}", {"for": message.for_name, "by": by})
            return tx.get_message(message_id)

        return await self.storage.write(write)

    async def mark_read(self, message_id: int, by: str) -> Message:
        return await self._mark(message_id, by, done=False)

    async def mark_done(self, message_id: int, by: str) -> Message:
        return await self._mark(message_id, by, done=True)

    async def claim_mail(self, limit: int = 20) -> list[Message]:
        limit = max(0, min(int(limit), 100))

        def write(tx: MessagesWriter) -> list[Message]:
            claimed = []
            for message in tx.due_mail(tx.now, limit):
                if tx.update_if_version(message.id, message.version, {
                        "next_mail_at": rules.claim_until(tx.now),
                        "mail_attempts": message.mail_attempts + 1}):
                    claimed.append(tx.get_message(message.id))
            return claimed

        return await self.storage.write(write)

    async def record_mail(self, message_id: int, error: str | None = None) -> Message:
        def write(tx: MessagesWriter) -> Message:
            message = tx.get_message(message_id)
            if message.mailed_at is not None:
                return message  # already recorded as mailed: once is enough
            if error is None:
                fields: dict[str, object] = {"mailed_at": tx.now, "mail_error": None,
                                             "next_mail_at": None}
                kind = "message.mailed"
            else:
                fields = {"mail_error": rules.error_text(error),
                          "next_mail_at": rules.retry_at(message.mail_attempts, tx.now)}
                kind = "message.mail_failed"
            if not tx.update_if_version(message_id, message.version, fields):
                raise Conflict(_("message {id} changed meanwhile").format(id=message_id),
                               current=tx.get_message(message_id))
            tx.append_event(kind, f"message:{message_id}", {"for": message.for_name})
            return tx.get_message(message_id)

        return await self.storage.write(write)
