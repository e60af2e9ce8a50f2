"""Reading and checking the rows of a customer import (CSV or JSON); console.import_run
checks every row first and then writes all the good ones at once.

CSV header: code,name,company,phones,email,language,tags,marketing,recording,notes (only `name`
is required; phones and tags are separated by ';'). JSON: a list of objects with the same keys,
or CustomerDraft's own shape (`consent: {marketing, recording}`). Row numbers are counted as a
person counts them: the first CSV data row is row 2 (the header is row 1), JSON items from 1.
CSV is streamed row by row (console.import_csv); a JSON document is read whole.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from backends.customers.inputs import CustomerDraft
from backends.errors import Invalid
from backends.i18n import _
from backends.sanitize import clean_line
from console.import_csv import CsvRows, Unreadable

COLUMNS = ("code", "name", "company", "phones", "email", "language", "tags", "marketing",
           "recording", "notes")
LIST_SEPARATOR = ";"
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"", "0", "false", "no", "n"}


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        # field names and reasons can quote the file's text: never let it drive the terminal
        return _("row {row}: {field}: {reason}").format(
            row=self.row, field=clean_line(self.field, 80), reason=clean_line(self.reason, 300))


# ---------------------------------------------------------------------------------- reading
def detect_format(path: Path, given: str | None) -> str:
    if given:
        return given
    return "json" if path.suffix.lower() == ".json" else "csv"


def _cannot_read(path: Path, exc: OSError) -> Invalid:
    return Invalid("file", _("cannot read {path}: {why}").format(path=path,
                                                              why=exc.strerror or exc))


def read_json(path: Path) -> list[tuple[int, Any]]:
    """The whole JSON list (a JSON document cannot be checked before its end)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    except UnicodeDecodeError as exc:
        raise Invalid("file", _("{path} is not UTF-8 text (byte {pos} cannot be read); save it "
                                "as UTF-8 and try again").format(path=path, pos=exc.start + 1)
                      ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid("file", _("{path} is not valid JSON: {why} (line {line}, column {col})")
                      .format(path=path, why=exc.msg, line=exc.lineno, col=exc.colno)) from None
    except RecursionError:  # [[[[… thousands deep: the parser gives up on Python's stack
        raise Invalid("file", _("{path} is nested too deeply to be a list of customers")
                      .format(path=path)) from None
    if not isinstance(data, list):
        raise Invalid("file", _("{path} must hold a JSON list of customers, not a {kind}")
                      .format(path=path, kind=type(data).__name__))
    return list(enumerate(data, start=1))


@contextlib.contextmanager
def open_rows(path: Path, fmt: str, *, raw_cells: bool = False
              ) -> Iterator[Iterable[tuple[int, Any]]]:
    """The file's rows as (number, row), streamed for CSV (console.import_csv); the header
    (or the whole JSON document) is checked here: Invalid names what is wrong."""
    if fmt == "json":
        yield read_json(path)
        return
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    with handle:
        yield _csv_rows(handle, path, raw_cells)


def _csv_rows(handle: TextIO, path: Path, raw_cells: bool) -> Iterable[tuple[int, Any]]:
    """CsvRows whose decoding and reading errors become one Invalid naming the line."""
    try:
        rows = CsvRows(handle, path, COLUMNS, raw_cells=raw_cells)
    except UnicodeDecodeError:
        raise _not_utf8(path, 1) from None
    except OSError as exc:
        raise _cannot_read(path, exc) from None

    def stream() -> Iterator[tuple[int, Any]]:
        try:
            yield from rows
        except UnicodeDecodeError:
            raise _not_utf8(path, rows.lines.read + 1) from None
        except OSError as exc:
            raise _cannot_read(path, exc) from None

    return stream()


def _not_utf8(path: Path, line: int) -> Invalid:
    return Invalid("file", _("{path} is not UTF-8 text (line {line} cannot be read); save it "
                             "as UTF-8 and try again").format(path=path, line=line))


# ---------------------------------------------------------------------------------- validation
def _split(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    return [] if value is None else value


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("'{value}' is not yes or no").format(value=value))


def _draft_input(raw: dict[str, Any], problems: list[tuple[str, str]]) -> dict[str, Any]:
    """The row in CustomerDraft's shape; flag problems are collected, not raised."""
    data = {k: v for k, v in raw.items() if k != "__extra__"}
    for key in ("company", "email", "code"):
        if data.get(key) == "":
            data[key] = None
    for key in ("phones", "tags"):
        if key in data:
            data[key] = _split(data[key])
    if data.get("language") in ("", None):
        data.pop("language", None)
    if data.get("notes") is None:
        data.pop("notes", None)
    consent = data.get("consent") if isinstance(data.get("consent"), dict) else None
    flags = {}
    for key in ("marketing", "recording"):
        if key in data:
            try:
                flags[key] = _flag(data.pop(key), key)
            except ValueError as exc:
                problems.append((key, str(exc)))
    if flags and consent is None:
        data["consent"] = flags
    return data


def _reasons(exc: ValidationError) -> list[tuple[str, str]]:
    out = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        name = ".".join(loc) or "row"
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ")
        if error.get("type") == "extra_forbidden":
            message = _("unknown field")
        elif error.get("type") == "missing":
            message = _("is required")
        out.append((name, message))
    return out


def check_row(number: int, raw: Any, seen_codes: dict[str, int]
              ) -> tuple[CustomerDraft | None, list[RowProblem]]:
    """One row checked: (the draft, no problems) or (None, every problem of the row). A code
    seen on an earlier row of the file is a problem; a good row's code is added to
    `seen_codes`."""
    if isinstance(raw, Unreadable):
        return None, [RowProblem(number, raw.field, raw.reason)]
    if not isinstance(raw, dict):
        return None, [RowProblem(number, "row", _("is not an object with fields"))]
    problems: list[tuple[str, str]] = []
    if "__extra__" in raw:
        problems.append(("row", _("has more values than the header has columns")))
    try:
        draft: CustomerDraft | None = CustomerDraft.model_validate(_draft_input(raw, problems))
    except ValidationError as exc:
        problems.extend(_reasons(exc))
        draft = None
    except RecursionError:  # a value nested thousands deep
        problems.append(("row", _("is nested too deeply")))
        draft = None
    if draft is not None and draft.code:
        if draft.code in seen_codes:
            problems.append(("code", _("{code} is already used by row {row} of this file")
                             .format(code=draft.code, row=seen_codes[draft.code])))
        elif not problems:
            seen_codes[draft.code] = number
    if problems:
        return None, [RowProblem(number, f, r) for f, r in problems]
    return draft, []
