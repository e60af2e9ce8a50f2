"""Messages on the wire: who marks a message read or done, and the outcome of one e-mail
attempt. Part of the wire contract (backends/wire, docs/ARCHITECTURE.md)."""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model


class MessageBy(Model):
    by: str = Field(min_length=1, max_length=40)


class MailOutcome(Model):
    error: str | None = Field(default=None, max_length=2000,
                              description="why the attempt failed; none when it was mailed")


class UnreadCount(Model):
    recipient: str
    unread: int
