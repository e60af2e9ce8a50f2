"""Evaluation forms: one model for the training lab and for quality checks of real calls
(docs/ARCHITECTURE.md; the scoring itself is in backends/training/rules.py).

A form groups criteria (the qualification's *evaluation indicators*) in sections (its
competences). Each criterion has a weight, a number of points, whether "not applicable" is
allowed, whether it is *critical* (failing it fails the whole form), a minimum threshold and,
when the lab can measure it, the name of the automatic measure that scores it (`auto`); the
others are scored by a person. Thresholds are fractions of the possible points (0.6 = 60 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from annotated_types import Ge, Gt, Le, MaxLen, MinLen

from backends.i18n import _
from backends.record import Pattern, Record

ID = r"^[a-z0-9_]+$"


@dataclass(kw_only=True)
class Criterion(Record):
    id: Annotated[str, MinLen(1), MaxLen(40), Pattern(ID)]
    label: Annotated[str, MinLen(1), MaxLen(200)]
    weight: Annotated[float, Gt(0.0), Le(100.0)] = 1.0
    points: Annotated[int, Ge(1), Le(10)] = 1  # the possible points; a score is 0..points
    allow_na: bool = False
    critical: bool = False
    # a critical criterion fails below its threshold; 1.0 (all the points) unless set
    threshold: Annotated[float, Ge(0.0), Le(1.0)] | None = None
    auto: Annotated[str, MaxLen(40)] | None = None  # measured by the lab; else human

    @property
    def minimum(self) -> float:
        if self.threshold is not None:
            return self.threshold
        return 1.0 if self.critical else 0.0


@dataclass(kw_only=True)
class Section(Record):
    id: Annotated[str, MinLen(1), MaxLen(40), Pattern(ID)]
    label: Annotated[str, MinLen(1), MaxLen(200)]
    criteria: Annotated[list[Criterion], MinLen(1), MaxLen(50)]
    threshold: Annotated[float, Ge(0.0), Le(1.0)] = 0.0


@dataclass(kw_only=True)
class EvaluationForm(Record):
    id: Annotated[str, MinLen(1), MaxLen(40), Pattern(r"^[a-z0-9_-]+$")]
    label: Annotated[str, MinLen(1), MaxLen(200)]
    sections: Annotated[list[Section], MinLen(1), MaxLen(20)]
    threshold: Annotated[float, Ge(0.0), Le(1.0)] = 0.6  # overall minimum
    exceeds: Annotated[float, Ge(0.0), Le(1.0)] = 0.85  # overall, for the "exceeds" band

    def __post_init__(self) -> None:
        from backends.errors import Invalid

        if self.exceeds < self.threshold:
            raise Invalid(None, "'exceeds' must not be below 'threshold'")
        seen: set[str] = set()
        for section in self.sections:
            for criterion in section.criteria:
                if criterion.id in seen:
                    raise Invalid(None, f"criterion '{criterion.id}' appears twice")
                seen.add(criterion.id)

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


@dataclass(kw_only=True)
class CriterionResult(Record):
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


@dataclass(kw_only=True)
class SectionResult(Record):
    id: str
    score: float | None
    threshold: float
    met: bool | None


@dataclass(kw_only=True)
class FormResult(Record):
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


@dataclass(kw_only=True)
class Calibration(Record):
    """Two evaluators on the same call: per criterion, the difference of their fractions
    (None where either left it out); overall, the difference of their scores."""

    per_criterion: dict[str, float | None]
    overall: float | None
    mean_absolute: float | None
