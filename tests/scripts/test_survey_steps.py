"""A script step may be a satisfaction survey question too (`survey = "csat" | "nps" |
"solved" | "comment"`, issue 18): its shape is checked at load (file, step, reason) and the
walk's answers become the surveys domain's fields."""

from __future__ import annotations

import pytest

from backends.scripts.loader import ScriptError, parse
from backends.scripts.survey_answers import SurveyFields, survey_fields

HEAD = '''id = "s"
campaign = "C"
start = "q"
[title]
en = "S"
it = "S"
hu = "S"
ro = "S"
'''


def step(body: str, step_id: str = "q", next_step: str | None = None) -> str:
    after = f'next = "{next_step}"\n' if next_step else ""
    return (f'[[steps]]\nid = "{step_id}"\n{body}{after}[steps.text]\n'
            'en = "?"\nit = "?"\nhu = "?"\nro = "?"\n')


@pytest.mark.parametrize(("body", "needs"), [
    ('ask = "yes_no"\nsurvey = "csat"\n', "from 1 to 5"),
    ('ask = "number"\nminimum = 0\nmaximum = 5\nsurvey = "csat"\n', "from 1 to 5"),
    ('ask = "number"\nminimum = 1\nmaximum = 10\nsurvey = "nps"\n', "from 0 to 10"),
    ('ask = "text"\nsurvey = "solved"\n', "yes/no"),
    ('ask = "number"\nsurvey = "comment"\n', "text"),
])
def test_a_survey_step_of_the_wrong_shape_is_refused(body: str, needs: str) -> None:
    with pytest.raises(ScriptError) as caught:
        parse("survey.toml", HEAD + step(body))
    message = str(caught.value)
    assert "survey.toml" in message and "q" in message and needs in message


def test_the_walks_survey_answers_become_the_surveys_fields() -> None:
    script = parse("survey.toml", HEAD
                   + step('ask = "number"\nminimum = 1\nmaximum = 5\nsurvey = "csat"\n',
                          "q", "n")
                   + step('ask = "number"\nminimum = 0\nmaximum = 10\nsurvey = "nps"\n',
                          "n", "y")
                   + step('ask = "yes_no"\nsurvey = "solved"\n', "y", "c")
                   + step('ask = "text"\nrequired = false\nsurvey = "comment"\n', "c"))
    fields = survey_fields(script, [("q", "4"), ("n", "9"), ("y", "no"), ("c", " quick ")])
    assert fields == SurveyFields(csat=4, nps=9, solved=False, comment="quick")
    assert not survey_fields(script, [("c", "  ")])  # nothing answered: no survey answer
