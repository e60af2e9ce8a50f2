"""Callbacks on the wire: who makes a callback. The other bodies are the domain's models,
named here so the server builds their validators before its first request
(backends/server/deps.py builds every model a wire module holds).

Part of the wire contract (backends/wire, docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from pydantic import Field

from backends.callbacks.inputs import CallbackCompletion, CallbackDraft, CallbackReschedule
from backends.callbacks.models import Callback, CallbackEntry, Compliance, ComplianceBy
from backends.model_base import Model

__all__ = ["Callback", "CallbackCompletion", "CallbackDraft", "CallbackEntry", "CallbackMaker",
           "CallbackReschedule", "Compliance", "ComplianceBy"]


class CallbackMaker(Model):
    operator: str = Field(min_length=1, max_length=40)
