"""The lab's library: the evaluation forms and scenarios of data/training/ (and of an
organisation's own folder), checked together (docs/ARCHITECTURE.md).

Form files are TOML like the scenarios (see scenarios.py for why), each label a table of the
four languages; `load_form` picks one language and returns an `EvaluationForm`. A scenario
must name a form of the library and fail only criteria that form has.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backends.errors import Invalid
from backends.i18n import _
from backends.record_check import read
from backends.training.forms import EvaluationForm
from backends.training.scenarios import (
    LANGUAGES,
    MAX_FILE_BYTES,
    Scenario,
    ScenarioError,
    load_folders,
)


def _label(file: str, where: str, table: dict[str, Any], language: str) -> None:
    label = table.get("label")
    if not isinstance(label, dict):
        raise ScenarioError(file, where, _("label must be a table of languages"))
    for code in LANGUAGES:
        if not isinstance(label.get(code), str) or not label[code].strip():
            raise ScenarioError(file, where, _("label: missing translation '{language}'")
                                .format(language=code))
    table["label"] = label.get(language) or label["en"]


def parse_form(file: str, text: str, language: str = "en") -> EvaluationForm:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(file, "", _("not valid TOML: {error}").format(error=exc)) from None
    _label(file, "", raw, language)
    for section in raw.get("sections") or []:
        if not isinstance(section, dict):
            raise ScenarioError(file, "", _("a section must be a table"))
        _label(file, str(section.get("id", "")), section, language)
        for criterion in section.get("criteria") or []:
            if not isinstance(criterion, dict):
                raise ScenarioError(file, "", _("a criterion must be a table"))
            _label(file, str(criterion.get("id", "")), criterion, language)
    try:
        return read(EvaluationForm, raw)
    except Invalid as exc:
        raise ScenarioError(file, "", f"{exc.field}: {exc.reason}" if exc.field
                            else exc.reason) from None


def _read(path: Path) -> str:
    try:
        return path.read_bytes()[:MAX_FILE_BYTES + 1].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise ScenarioError(path.name, "", _("cannot be read as UTF-8 text")) from None


def load_form(path: Path, language: str = "en") -> EvaluationForm:
    return parse_form(path.name, _read(path), language)


TOPIC_KINDS = ("info", "script")  # the tables of topics.toml: what a scenario's expect names


def parse_topics(file: str, text: str, language: str = "en") -> dict[str, dict[str, str]]:
    """topics.toml: per kind, each topic's label in `language` (every language required)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(file, "", _("not valid TOML: {error}").format(error=exc)) from None
    topics: dict[str, dict[str, str]] = {kind: {} for kind in TOPIC_KINDS}
    for kind, table in raw.items():
        if kind not in TOPIC_KINDS or not isinstance(table, dict):
            raise ScenarioError(file, kind, _("unknown table (expected: {known})").format(
                known=", ".join(TOPIC_KINDS)))
        for key, label in table.items():
            entry = {"label": label}
            _label(file, f"{kind}.{key}", entry, language)
            topics[kind][key] = entry["label"]
    return topics


@dataclass
class Library:
    forms: dict[str, EvaluationForm] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    # per kind (TOPIC_KINDS), a topic's key → its label in the library's language
    topics: dict[str, dict[str, str]] = field(
        default_factory=lambda: {kind: {} for kind in TOPIC_KINDS})

    def topic(self, kind: str, key: str) -> str:
        """How a topic reads in the library's language; its key when it has no label."""
        return self.topics.get(kind, {}).get(key, key)

    def form_of(self, scenario_id: str) -> EvaluationForm:
        return self.forms[self.scenarios[scenario_id].form]


def load_library(roots: Iterable[Path], language: str = "en",
                 scenarios: bool = True) -> Library:
    """Forms from `<root>/forms/*.toml`, scenarios from `<root>/scenarios/*.toml`, topics from
    `<root>/topics.toml`, for each root in order (a later one's replaces an earlier one's of
    the same id). `scenarios=False`: the forms and topics only (what a file is checked
    against)."""
    roots = list(roots)
    library = Library(scenarios=load_folders(root / "scenarios" for root in roots)
                      if scenarios else {})
    for root in roots:
        folder = root / "forms"
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                form = load_form(path, language)
                library.forms[form.id] = form
        if (root / "topics.toml").is_file():
            for kind, labels in parse_topics("topics.toml", _read(root / "topics.toml"),
                                             language).items():
                library.topics[kind].update(labels)
    for scenario in library.scenarios.values():
        check_in_library(library, scenario)
    return library


def check_in_library(library: Library, scenario: Scenario) -> None:
    """What a scenario names must be in the library: its form, the criteria it fails, the
    topics it expects (`centralino lab check` runs this on a file too)."""
    named = library.forms.get(scenario.form)
    if named is None:
        raise ScenarioError(scenario.id, "", _("unknown form '{form}'").format(
            form=scenario.form))
    _check_topics(library, scenario)
    known = {c.id for c in named.criteria()}
    for step in scenario.steps:
        for criterion in step.critical.values():
            if criterion not in known:
                raise ScenarioError(scenario.id, step.id, _(
                    "the form {form} has no criterion '{id}'").format(
                    form=named.id, id=criterion))


def _check_topics(library: Library, scenario: Scenario) -> None:
    """What a scenario expects the trainee to pick must have a name in topics.toml: the
    prompt shows names, and a key nobody can read is a scenario nobody can pass."""
    wanted = [("info", key) for key in [scenario.expect.info] if key]
    wanted += [("script", key) for key in scenario.expect.script]
    for kind, key in wanted:
        if key not in library.topics[kind]:
            raise ScenarioError(scenario.id, "expect", _(
                "{kind} '{key}' has no name in topics.toml (add it under [{kind}] with its "
                "four languages)").format(kind=kind, key=key))
