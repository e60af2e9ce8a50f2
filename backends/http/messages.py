"""The messages domain over HTTP: backends/messages/api.py `Messages`, spoken to the server's
routes_messages. Part of the http client (docs/ARCHITECTURE.md, "Adding a domain")."""

from __future__ import annotations

from backends.http import encode
from backends.http.connection import Connection
from backends.messages.inputs import MessageDraft
from backends.messages.models import Message
from backends.wire.messages import UnreadCount


class HttpMessages:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def take_message(self, draft: MessageDraft) -> Message:
        return await self._c.call("POST", "/v1/messages", Message, body=draft)

    async def get_message(self, message_id: int) -> Message:
        return await self._c.get(f"/v1/messages/{int(message_id)}", Message)

    async def inbox(self, recipient: str, *, include_done: bool = False) -> list[Message]:
        return await self._c.get("/v1/messages", list[Message],
                                 {"for": recipient, "done": "true" if include_done else "false"})

    async def unread_count(self, recipient: str) -> int:
        found = await self._c.get("/v1/messages/unread", UnreadCount, {"for": recipient})
        return found.unread

    async def for_customer(self, customer_id: int) -> list[Message]:
        return await self._c.get(f"/v1/customers/{int(customer_id)}/messages", list[Message])

    async def mark_read(self, message_id: int, by: str) -> Message:
        return await self._c.call("POST", f"/v1/messages/{int(message_id)}/read", Message,
                                  body={"by": by})

    async def mark_done(self, message_id: int, by: str) -> Message:
        return await self._c.call("POST", f"/v1/messages/{int(message_id)}/done", Message,
                                  body={"by": by})

    async def claim_mail(self, limit: int = 20) -> list[Message]:
        return await self._c.call("POST", "/v1/messages/mail/claim", list[Message],
                                  params=encode.query(limit=limit))

    async def record_mail(self, message_id: int, error: str | None = None) -> Message:
        return await self._c.call("POST", f"/v1/messages/{int(message_id)}/mail", Message,
                                  body={"error": error})
