"""Transfers on the wire: the target's answer to an offered transfer, and taking one back.

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from pydantic import Field

from backends.models import Model


class TransferAnswer(Model):
    accept: bool
    by: str = Field(min_length=1, max_length=40)


class TransferCancel(Model):
    by: str = Field(min_length=1, max_length=40)
