"""The training domain on the wire: the bodies of its requests (backends/server/
routes_training.py, backends/http/training.py). Part of the wire contract (backends/wire,
docs/ARCHITECTURE.md); the records are backends/training/models.py's."""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model
from backends.training.inputs import AssignRequest, EvaluationDraft, SessionDraft
from backends.training.models import NAME
from backends.training.play import TraineeAction

__all__ = ["ActionRequest", "AssignRequest", "EvaluationDraft", "SessionDraft",
           "TraineeRequest"]


class TraineeRequest(Model):
    trainee: str = Field(min_length=1, max_length=40, pattern=NAME)


class ActionRequest(TraineeRequest):
    action: TraineeAction
