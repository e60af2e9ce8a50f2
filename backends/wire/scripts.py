"""Call-script answers on the wire: the bodies are the domain's models, named here so the
server builds their validators before its first request (backends/server/deps.py builds every
model a wire module holds). Part of the wire contract (backends/wire, docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends.scripts.inputs import ScriptAnswersDraft, ScriptLinkDraft
from backends.scripts.models import GivenAnswer, ScriptAnswers, ScriptLink

__all__ = ["GivenAnswer", "ScriptAnswers", "ScriptAnswersDraft", "ScriptLink",
           "ScriptLinkDraft"]
