"""Reading call scripts (backends/scripts/definition.py) from TOML files, refusing a bad one
whole with the file, the step and the reason (`ScriptError`): unknown step, unreachable step,
missing translation, unknown variable, a question without its answers, bad field.

TOML because the standard library reads it (`tomllib`), comments let an author explain a step
to the translators, and one `{ en = …, it = …, hu = …, ro = … }` table keeps a text's four
languages side by side. The shipped scripts are in data/scripts/; an organisation adds its own
in the config folder's `scripts/`.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backends.i18n import _
from backends.scripts.definition import LANGUAGES, Ask, Do, Script, Step, SurveyQuestion
from backends.step_files import StepFileError, check_translated, raw_steps, read_text_file

MAX_FILE_BYTES = 256 * 1024


class ScriptError(StepFileError):
    """A script file refused: which file, which step (or ""), why."""


def _translated(file: str, step: str, what: str, text: object) -> None:
    check_translated(ScriptError, LANGUAGES, file, step, what, text)


def _raw_checks(file: str, raw: dict[str, Any]) -> None:
    """What needs the raw tables, before the models: every text in every language."""
    for name, step in raw_steps(ScriptError, LANGUAGES, file, raw):
        _translated(file, name, "text", step.get("text"))
        for index, choice in enumerate(step.get("choices") or [], 1):
            label = choice.get("label") if isinstance(choice, dict) else None
            _translated(file, name, f"choices[{index}].label", label)


def _texts(script: Script) -> Iterator[tuple[str, str]]:
    """(step id, text) for every text a person reads, every language."""
    for text in script.title.values():
        yield "", text
    for step in script.steps:
        for text in step.text.values():
            yield step.id, text
        for choice in step.choices:
            for text in choice.label.values():
                yield step.id, text


def _variable_checks(file: str, script: Script) -> None:
    known = script.variables()
    for step_id, text in _texts(script):
        try:
            names = [field for _lit, field, _spec, _conv in string.Formatter().parse(text)
                     if field is not None]
        except ValueError as exc:
            raise ScriptError(file, step_id, _("bad braces in a text: {error}").format(
                error=exc)) from None
        for name in names:
            if name not in known:
                raise ScriptError(file, step_id, _(
                    "unknown variable '{{{name}}}' (known: {known}; a contact column must be "
                    "listed in `fields`)").format(name=name, known=", ".join(sorted(known))))


def _step_checks(file: str, step: Step, ids: set[str]) -> None:
    if step.ask is Ask.CHOICE and not step.choices:
        raise ScriptError(file, step.id, _("a choice question needs its choices"))
    if step.ask is not Ask.CHOICE and step.choices:
        raise ScriptError(file, step.id, _("only a choice question has choices"))
    if step.ask is not Ask.YES_NO and (step.yes or step.no):
        raise ScriptError(file, step.id, _("only a yes/no question branches on yes and no"))
    if len({c.value for c in step.choices}) != len(step.choices):
        raise ScriptError(file, step.id, _("two choices have the same value"))
    if step.minimum is not None and step.maximum is not None and step.minimum > step.maximum:
        raise ScriptError(file, step.id, _("minimum is above maximum"))
    _survey_check(file, step)
    for target in step.targets():
        if target not in ids:
            raise ScriptError(file, step.id, _("unknown step '{target}'").format(
                target=target))
    for action in step.actions + [a for c in step.choices for a in c.actions]:
        if action.do in (Do.OUTCOME, Do.TICKET) and not action.value:
            raise ScriptError(file, step.id, _("the action '{action}' needs a value").format(
                action=action.do.value))


# the shape of the question each survey answer needs: (ask, minimum, maximum)
SURVEY_SHAPES = {SurveyQuestion.CSAT: (Ask.NUMBER, 1, 5), SurveyQuestion.NPS: (Ask.NUMBER, 0, 10),
                 SurveyQuestion.SOLVED: (Ask.YES_NO, None, None),
                 SurveyQuestion.COMMENT: (Ask.TEXT, None, None)}


def _survey_check(file: str, step: Step) -> None:
    if step.survey is None:
        return
    ask, low, high = SURVEY_SHAPES[step.survey]
    if (step.ask, step.minimum, step.maximum) != (ask, low, high):
        shape = (_("a number question from {low} to {high} (minimum = {low}, maximum = {high})")
                 .format(low=low, high=high) if ask is Ask.NUMBER else
                 _("a yes/no question") if ask is Ask.YES_NO else _("a text question"))
        raise ScriptError(file, step.id, _("survey = \"{question}\" needs {shape}").format(
            question=step.survey.value, shape=shape))


def _graph_checks(file: str, script: Script) -> None:
    ids: set[str] = set()
    for step in script.steps:
        if step.id in ids:
            raise ScriptError(file, step.id, _("the step appears twice"))
        ids.add(step.id)
    if script.start not in ids:
        raise ScriptError(file, script.start, _("unknown step (the start)"))
    for step in script.steps:
        _step_checks(file, step, ids)
    seen, todo = set(), [script.start]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(script.step(current).targets())
    for step in script.steps:
        if step.id not in seen:
            raise ScriptError(file, step.id, _("unreachable step: no path leads to it from "
                                               "'{start}'").format(start=script.start))


def parse(file: str, text: str) -> Script:
    """One script from its TOML text; ScriptError names the file, step and reason."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScriptError(file, "", _("not valid TOML: {error}").format(error=exc)) from None
    _raw_checks(file, raw)
    try:
        script = Script.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        step = ""
        if len(loc) > 1 and loc[0] == "steps" and isinstance(loc[1], int):
            step = str(raw["steps"][loc[1]].get("id") or loc[1] + 1)
        place = ".".join(str(part) for part in loc)
        raise ScriptError(file, step, f"{place}: {first['msg']}") from None
    _graph_checks(file, script)
    _variable_checks(file, script)
    return script


def load_file(path: Path) -> Script:
    return parse(path.name, read_text_file(ScriptError, path, MAX_FILE_BYTES))


def load_folders(folders: Iterable[Path]) -> dict[str, Script]:
    """Every `*.toml` script of `folders`, by campaign name; a later folder's script for a
    campaign replaces an earlier one's (an organisation's own over the shipped ones)."""
    found: dict[str, Script] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                script = load_file(path)
                found[script.campaign] = script
    return found
