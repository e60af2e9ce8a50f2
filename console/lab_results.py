"""The lab's results as a table, CSV, JSON or a printable report per trainee
(`centralino lab results`; docs/ARCHITECTURE.md, "console/"). Cells meant for spreadsheets are
neutralised; nothing from data reaches the terminal with control characters."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from backends.i18n import _, percent
from backends.sanitize import clean_line
from backends.training.catalog import Library
from backends.training.models import Assignment, Evaluation
from backends.training.results import Assessment, assess
from backends.training.scenarios import competence_label
from console.export_safety import json_escape_controls, neutralise

Rows = Sequence[tuple[Assignment, list[Evaluation]]]


def _percent(value: float | None) -> str:
    return "-" if value is None else percent(value)


def _record(item: Assessment, library: Library, language: str) -> dict[str, Any]:
    scenario = library.scenarios[item.assignment.scenario]
    form = library.forms[scenario.form]
    labels = {c.id: c.label for c in form.criteria()}
    section_labels = {s.id: s.label for s in form.sections}
    result = item.result
    return {
        "trainee": item.assignment.trainee, "scenario": scenario.id,
        "title": scenario.text(scenario.title, language),
        "competence": scenario.competence.value,
        "competence_label": competence_label(scenario.competence), "form": form.id,
        "state": item.assignment.state.value, "score": result.score,
        "threshold": result.threshold, "band": result.band.value if result.band else None,
        "passed": result.passed, "complete": result.complete,
        "critical_failures": result.critical_failures,
        # the form's sections are the qualification's competences, each with its threshold
        "sections": [{"id": r.id, "label": section_labels[r.id], "score": r.score,
                      "threshold": r.threshold, "met": r.met} for r in result.sections],
        "criteria": [{"id": c.id, "label": labels[c.id], "section": c.section,
                      "points": c.points, "possible": c.possible, "minimum": c.minimum,
                      "applicable": c.applicable, "pending": c.pending, "met": c.met}
                     for c in result.criteria],
        "comments": [{"evaluator": who, "comment": text} for who, text in item.comments],
    }


def records(rows: Rows, library: Library, language: str) -> list[dict[str, Any]]:
    return [_record(assess(library, a, e), library, language) for a, e in rows
            if a.scenario in library.scenarios]


def _band(record: dict[str, Any]) -> str:
    if record["state"] == "pending":
        return _("not started")
    names = {"below": _("below threshold"), "meets": _("meets"), "exceeds": _("exceeds")}
    return names.get(record["band"] or "", _("not scored"))


def _table(found: list[dict[str, Any]]) -> None:
    for r in found:
        critical = ", ".join(r["critical_failures"])
        score = "-" if r["state"] == "pending" else _percent(r["score"])
        click.echo(clean_line(f"{r['trainee']:<14} {r['scenario']:<26} {score:>5} "
                              f"{_band(r):<16} {critical}"))


def _csv(found: list[dict[str, Any]]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["trainee", "scenario", "competence", "criterion", "section", "points",
                     "possible", "minimum", "met", "score", "band", "passed"])
    for r in found:
        for c in r["criteria"]:
            met = "" if c["met"] is None else str(c["met"]).lower()
            points = "n/a" if not c["applicable"] else "" if c["pending"] else c["points"]
            writer.writerow([neutralise(str(v)) for v in (
                r["trainee"], r["scenario"], r["competence"], c["id"], c["section"], points,
                c["possible"], c["minimum"], met, r["score"], r["band"] or "", r["passed"])])


def _mark(met: bool | None) -> str:
    return {True: _("met"), False: _("not met"), None: ""}[met]


def _report(found: list[dict[str, Any]]) -> None:
    """A printable page per trainee: the competence, the indicators, the threshold, the
    result (each section of the form, a competence, with its own threshold, then its
    indicators with their minimums), all by the names a person reads."""
    trainees = sorted({r["trainee"] for r in found})
    for number, trainee in enumerate(trainees):
        if number:
            click.echo("\f")
        click.echo(clean_line(_("Training results: {trainee}").format(trainee=trainee)))
        click.echo("=" * 60)
        for r in (r for r in found if r["trainee"] == trainee):
            click.echo("")
            click.echo(clean_line(f"{r['title']} ({r['competence_label']})"))
            click.echo(clean_line(_("Result {score} (threshold {threshold}): {band}").format(
                score="-" if r["state"] == "pending" else _percent(r["score"]),
                threshold=_percent(r["threshold"]),
                band=_band(r))))
            if r["state"] == "pending":
                continue
            labels = {c["id"]: c["label"] for c in r["criteria"]}
            if r["critical_failures"]:
                click.echo(clean_line(_("Critical failure: {items}").format(
                    items=", ".join(labels[c] for c in r["critical_failures"]))))
            for section in r["sections"]:
                click.echo(clean_line(f"  {section['label'][:44]:<44} "
                                      f"{_percent(section['score']):>5}  {_('min')} "
                                      f"{_percent(section['threshold']):>4}  "
                                      f"{_mark(section['met'])}".rstrip()))
                for c in (c for c in r["criteria"] if c["section"] == section["id"]):
                    got = (_("n/a") if not c["applicable"] else _("pending") if c["pending"]
                           else f"{c['points']}/{c['possible']}")
                    click.echo(clean_line(f"    {c['label'][:40]:<40} {got:>7}  "
                                          f"{_('min')} {_percent(c['minimum']):>4}  "
                                          f"{_mark(c['met'])}".rstrip()))
            for comment in r["comments"]:
                click.echo(clean_line(f"  {comment['evaluator']}: {comment['comment']}"))


def emit_results(rows: Rows, library: Library, fmt: str, language: str) -> None:
    found = records(rows, library, language)
    if fmt == "json":
        click.echo(json_escape_controls(json.dumps(found, ensure_ascii=False, indent=2)))
    elif fmt == "csv":
        _csv(found)
    elif fmt == "report":
        _report(found)
    else:
        _table(found)
