"""Import customers from CSV or JSON: validate every row first, then write all good rows at once.

CSV header: code,name,company,phones,email,language,tags,marketing,recording,notes (only `name`
is required; phones and tags are separated by ';'). JSON: a list of objects with the same keys,
or CustomerDraft's own shape (`consent: {marketing, recording}`). Row numbers are counted as a
person counts them: the first CSV data row is row 2 (the header is row 1), JSON items from 1.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backends.errors import Invalid, NotFound
from backends.i18n import _
from backends.models import CustomerDraft
from backends.protocol import Backend
from backends.sanitize import clean_line

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


@dataclass
class ImportPlan:
    good: list[tuple[int, CustomerDraft]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})


# ---------------------------------------------------------------------------------- reading
def detect_format(path: Path, given: str | None) -> str:
    if given:
        return given
    return "json" if path.suffix.lower() == ".json" else "csv"


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Invalid("file", _("cannot read {path}: {why}").format(
            path=path, why=exc.strerror or exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid("file", _("{path} is not UTF-8 text (byte {pos} cannot be read); save it "
                                "as UTF-8 and try again").format(path=path, pos=exc.start + 1)
                      ) from None


def read_csv(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise Invalid("file", _("{path} is empty").format(path=path))
        header = [h.strip().lower() for h in header]
        unknown = [h for h in header if h not in COLUMNS]
        if unknown:
            raise Invalid("file", _("{path}: unknown column '{name}' (expected some of: "
                                    "{columns})").format(path=path, name=unknown[0],
                                                         columns=",".join(COLUMNS)))
        if "name" not in header:
            raise Invalid("file", _("{path}: the header has no 'name' column (expected: "
                                    "{columns})").format(path=path, columns=",".join(COLUMNS)))
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue  # blank line
            row: dict[str, Any] = dict(zip(header, values, strict=False))
            if len(values) > len(header):
                row["__extra__"] = values[len(header):]
            rows.append((number, row))
        return rows
    except csv.Error as exc:
        raise Invalid("file", _("{path} is not valid CSV: {why}").format(path=path, why=exc)
                      ) from None


def read_json(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid("file", _("{path} is not valid JSON: {why} (line {line}, column {col})")
                      .format(path=path, why=exc.msg, line=exc.lineno, col=exc.colno)) from None
    if not isinstance(data, list):
        raise Invalid("file", _("{path} must hold a JSON list of customers, not a {kind}")
                      .format(path=path, kind=type(data).__name__))
    return list(enumerate(data, start=1))


def read_rows(path: Path, fmt: str) -> list[tuple[int, Any]]:
    text = _read_text(path)
    return read_json(text, path) if fmt == "json" else read_csv(text, path)


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


def validate(rows: list[tuple[int, Any]]) -> ImportPlan:
    """Every row checked; every problem of every row reported; codes unique within the file."""
    plan = ImportPlan()
    seen_codes: dict[str, int] = {}
    for number, raw in rows:
        if not isinstance(raw, dict):
            plan.problems.append(RowProblem(number, "row", _("is not an object with fields")))
            continue
        problems: list[tuple[str, str]] = []
        if "__extra__" in raw:
            problems.append(("row", _("has more values than the header has columns")))
        try:
            draft = CustomerDraft.model_validate(_draft_input(raw, problems))
        except ValidationError as exc:
            problems.extend(_reasons(exc))
            draft = None
        if draft is not None and draft.code:
            if draft.code in seen_codes:
                problems.append(("code", _("{code} is already used by row {row} of this file")
                                 .format(code=draft.code, row=seen_codes[draft.code])))
            else:
                seen_codes[draft.code] = number
        if problems:
            plan.problems.extend(RowProblem(number, f, r) for f, r in problems)
        elif draft is not None:
            plan.good.append((number, draft))
    return plan


async def reject_existing_codes(backend: Backend, plan: ImportPlan) -> None:
    """Rows whose code the store already has become problems (a duplicate customer)."""
    kept = []
    for number, draft in plan.good:
        if draft.code:
            try:
                await backend.get_customer_by_code(draft.code)
            except NotFound:
                pass
            else:
                plan.problems.append(RowProblem(number, "code", _(
                    "customer {code} already exists in the database").format(code=draft.code)))
                continue
        kept.append((number, draft))
    plan.good = kept
    plan.problems.sort(key=lambda p: p.row)


# ---------------------------------------------------------------------------------- writing
async def write_customers(backend: Backend, drafts: list[CustomerDraft]) -> tuple[int, str]:
    """Write all drafts; returns (count, how). With "bulk" it is one transaction (nothing is
    written when any row fails); otherwise one create_customer per row (not atomic)."""
    if not drafts:
        return 0, "none"
    if "bulk" in backend.capabilities:
        rows = [draft.model_dump() for draft in drafts]
        return await backend.bulk_load("customers", rows), "bulk_load (one transaction)"
    for draft in drafts:
        await backend.create_customer(draft)
    return len(drafts), "create_customer per row"
