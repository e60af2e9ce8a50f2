"""What the data files made of steps share (call scripts, backends/scripts/loader.py; lab
scenarios, backends/training/scenarios.py): the error that names the file, the step and the
reason, and the checks of the raw tables before their models are built — every text in every
language, a non-empty list of steps, each a table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from backends.errors import Invalid
from backends.i18n import _


class StepFileError(Invalid):
    """A file refused: which file, which step (or ""), why."""

    def __init__(self, file: str, step: str, reason: str) -> None:
        where = f"{file} [{step}]" if step else file
        super().__init__(where, reason)
        self.file, self.step = file, step


def check_translated(error: type[StepFileError], languages: Sequence[str], file: str,
                     step: str, what: str, text: object) -> None:
    """`text` is a table with a non-blank text in each of `languages`."""
    if not isinstance(text, dict):
        raise error(file, step, _("{what} must be a table of languages").format(what=what))
    for language in languages:
        value = text.get(language)
        if not isinstance(value, str) or not value.strip():
            raise error(file, step, _("{what}: missing translation '{language}'")
                        .format(what=what, language=language))


def raw_steps(error: type[StepFileError], languages: Sequence[str], file: str,
              raw: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """After checking the file's title in every language: (name, table) of each step, named
    by its id or its number; refused when there are none or one is not a table."""
    check_translated(error, languages, file, "", "title", raw.get("title"))
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise error(file, "", _("no steps"))
    for number, step in enumerate(steps, 1):
        if not isinstance(step, dict):
            raise error(file, str(number), _("a step must be a table"))
        yield str(step.get("id") or number), step


def read_text_file(error: type[StepFileError], path: Path, max_bytes: int) -> str:
    """The file's UTF-8 text; refused, naming the file, when unreadable, larger than
    `max_bytes` or not UTF-8."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise error(path.name, "", _("cannot be read: {error}").format(
            error=exc.strerror or exc)) from None
    if len(data) > max_bytes:
        raise error(path.name, "", _("larger than {size} KiB").format(size=max_bytes // 1024))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(path.name, "", _("not UTF-8 text")) from None
