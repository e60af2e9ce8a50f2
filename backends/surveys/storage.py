"""What the surveys service needs of a store: persistence only, no rules
(docs/ARCHITECTURE.md). Reading contacts for FCR (measured) reads the calls the store keeps.
`write(work)` is one transaction; `work` is synchronous."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backends.surveys.models import (
    Contact,
    Feedback,
    FeedbackKind,
    SurveyAnswer,
    SurveyConfig,
    SurveyScope,
    SurveyTarget,
)

T = TypeVar("T")


class SurveysWriter(Protocol):
    def insert_answer(self, values: dict[str, object]) -> SurveyAnswer: ...

    def insert_feedback(self, values: dict[str, object]) -> Feedback: ...

    def call_exists(self, call_id: int) -> bool: ...

    def configs_for(self, queue: str, campaign: str | None) -> dict[SurveyScope, SurveyConfig]:
        """The stored configurations of this queue and of this campaign (when given)."""

    def put_config(self, config: SurveyConfig) -> None:
        """Store it, replacing the one of its scope and name."""

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None: ...


class SurveysStorage(Protocol):
    async def write(self, work: Callable[[SurveysWriter], T]) -> T: ...

    async def list_answers(self, *, since: datetime | None, until: datetime | None,
                           queue: str | None, operator: str | None, campaign: str | None,
                           customer_id: int | None, limit: int) -> list[SurveyAnswer]:
        """Newest first."""

    async def list_feedback(self, *, kind: FeedbackKind | None, topic: str | None,
                            customer_id: int | None, text: str | None,
                            since: datetime | None, until: datetime | None, queue: str | None,
                            operator: str | None, limit: int) -> list[Feedback]:
        """Newest first; with `text`, every word of it matches topic, text or product as a
        prefix (case and accents ignored)."""

    async def contacts(self, *, since: datetime, until: datetime, queue: str | None,
                       operator: str | None, customer_ids: Sequence[int] | None,
                       limit: int) -> list[Contact]:
        """Inbound calls with a known customer that arrived in [since, until), of the
        queue and operator when given, or of those customers when given."""

    async def list_configs(self) -> list[SurveyConfig]:
        """By scope and name."""

    async def configs_for(self, queue: str,
                          campaign: str | None) -> dict[SurveyScope, SurveyConfig]: ...

    async def targets(self, *, since: datetime, until: datetime, queue: str | None,
                      limit: int) -> list[SurveyTarget]:
        """Each customer's latest finished call with an operator in [since, until) (of the
        queue when given), oldest first; voice calls from a phone number only."""
