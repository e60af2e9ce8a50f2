"""Evaluation forms: one model for the training lab and for quality checks of real calls
(docs/ARCHITECTURE.md; the scoring itself is in backends/training/rules.py).

A form groups criteria (the qualification's *evaluation indicators*) in sections (its
competences). Each criterion has a weight, a number of points, whether "not applicable" is
allowed, whether it is *critical* (failing it fails the whole form), a minimum threshold and,
when the lab can measure it, the name of the automatic measure that scores it (`auto`); the
others are scored by a person. Thresholds are fractions of the possible points (0.6 = 60 %).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from backends.i18n import _
from backends.model_base import Model


class Criterion(Model):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1, max_length=200)
    weight: float = Field(default=1.0, gt=0.0, le=100.0)
    points: int = Field(default=1, ge=1, le=10)  # the possible points; a score is 0..points
    allow_na: bool = False
    critical: bool = False
    # a critical criterion fails below its threshold; 1.0 (all the points) unless set
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    auto: str | None = Field(default=None, max_length=40)  # measured by the lab; else human

    @property
    def minimum(self) -> float:
        if self.threshold is not None:
            return self.threshold
        return 1.0 if self.critical else 0.0


class Section(Model):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1, max_length=200)
    criteria: list[Criterion] = Field(min_length=1, max_length=50)
    threshold: float = Field(default=0.0, ge=0.0, le=1.0)


class EvaluationForm(Model):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")
    label: str = Field(min_length=1, max_length=200)
    sections: list[Section] = Field(min_length=1, max_length=20)
    threshold: float = Field(default=0.6, ge=0.0, le=1.0)  # overall minimum
    exceeds: float = Field(default=0.85, ge=0.0, le=1.0)  # overall, for the "exceeds" band

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.exceeds < self.threshold:
            raise ValueError("'exceeds' must not be below 'threshold'")
        seen: set[str] = set()
        for section in self.sections:
            for criterion in section.criteria:
                if criterion.id in seen:
                    raise ValueError(f"criterion '{criterion.id}' appears twice")
                seen.add(criterion.id)
        return self

    def criteria(self) -> list[Criterion]:
        return [c for section in self.sections for c in section.criteria]


class Band(StrEnum):
    BELOW = "below"  # below a threshold (overall, a section's or an indicator's) or critical
    MEETS = "meets"
    EXCEEDS = "exceeds"


def band_label(band: Band | None) -> str:
    """The band as a person reads it, in their language (screens and printed output)."""
    if band is None:
        return _("not scored")
    return {Band.BELOW: _("below threshold"), Band.MEETS: _("meets the threshold"),
            Band.EXCEEDS: _("exceeds the threshold")}[band]


class CriterionResult(Model):
    id: str
    section: str
    points: int | None  # None: not applicable, or not scored yet (`pending`)
    possible: int
    weight: float
    applicable: bool
    pending: bool
    critical: bool
    minimum: float
    fraction: float | None
    met: bool | None


class SectionResult(Model):
    id: str
    score: float | None
    threshold: float
    met: bool | None


class FormResult(Model):
    form: str
    criteria: list[CriterionResult]
    sections: list[SectionResult]
    score: float | None  # 0..1 over the applicable criteria scored; None when there are none
    threshold: float
    exceeds: float
    critical_failures: list[str]
    complete: bool  # every criterion scored or marked not applicable
    band: Band | None
    passed: bool  # complete and not below

    def criterion(self, criterion_id: str) -> CriterionResult:
        return next(c for c in self.criteria if c.id == criterion_id)


class Calibration(Model):
    """Two evaluators on the same call: per criterion, the difference of their fractions
    (None where either left it out); overall, the difference of their scores."""

    per_criterion: dict[str, float | None]
    overall: float | None
    mean_absolute: float | None
