"""The satisfaction survey's answers a script's walk gave (steps with `survey = …`), as the
surveys domain's answer fields; the outbound desk stores them there too, so CSAT, NPS and FCR
count a survey read out from a script (issue 18, item 4). See docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass

from backends.scripts.definition import Script, SurveyQuestion


@dataclass(frozen=True)
class SurveyFields:
    csat: int | None = None
    nps: int | None = None
    solved: bool | None = None
    comment: str = ""

    def __bool__(self) -> bool:
        return (self.csat, self.nps, self.solved) != (None, None, None) or bool(self.comment)


def survey_fields(script: Script, given: list[tuple[str, str]]) -> SurveyFields:
    """The answers of the walk's tagged steps (an empty comment counts as no answer)."""
    tagged = {step.id: step.survey for step in script.steps if step.survey is not None}
    found: dict[SurveyQuestion, str] = {}
    for step_id, value in given:
        question = tagged.get(step_id)
        if question is not None and value.strip():
            found[question] = value.strip()
    number = {q: round(float(found[q])) for q in (SurveyQuestion.CSAT, SurveyQuestion.NPS)
              if q in found}
    solved = found.get(SurveyQuestion.SOLVED)
    return SurveyFields(csat=number.get(SurveyQuestion.CSAT), nps=number.get(SurveyQuestion.NPS),
                        solved=None if solved is None else solved == "yes",
                        comment=found.get(SurveyQuestion.COMMENT, ""))
