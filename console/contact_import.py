"""Importing a campaign's contacts from CSV or JSON with `db import`'s rigour
(console/importer.py, console/import_run.py): every row is checked first and every bad row
reported by row, field and reason; nothing is imported from a file with a bad row unless
`--skip-bad`. Numbers are normalised to E.164 (the region for national numbers) and a number
given twice in the file is a duplicate, skipped; contacts are linked to customers by number
(backends/campaigns/linking.py) and written `Campaigns.add_contacts` by chunks of 10,000.

CSV: a header with a `phone` column (required), optional `name` and `priority`; every other
column is kept as a field of the contact (`{product}` for a script). JSON: a list of objects
with the same keys (values of extra keys are kept as text). See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO

from pydantic import ValidationError

from backends import phones
from backends.campaigns.api import CAMPAIGNS
from backends.campaigns.inputs import ContactDraft
from backends.campaigns.linking import link_customers
from backends.campaigns.models import MAX_CONTACTS_PER_CALL, AddedContacts
from backends.errors import Invalid
from backends.i18n import _
from backends.protocol import Backend
from console.import_csv import CsvRows, Unreadable
from console.importer import RowProblem, _reasons

KNOWN = ("phone", "name", "priority")
MAX_FIELD_NAME = 40


class ContactCsvRows(CsvRows):
    """CsvRows whose header is free (extra columns are fields) but must name `phone`."""

    REQUIRED = "phone"
    OPEN = True


def read_rows(path: Path, fmt: str, handle: TextIO | None = None
              ) -> Iterable[tuple[int, Any]]:
    """The file's rows as (number, row); Invalid names what is wrong with the whole file."""
    if fmt == "json":
        try:
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except OSError as exc:
            raise Invalid("file", _("cannot read {path}: {why}").format(
                path=path, why=exc.strerror or exc)) from None
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise Invalid("file", _("{path} is not a UTF-8 JSON document: {why}").format(
                path=path, why=str(exc).splitlines()[0])) from None
        if not isinstance(data, list):
            raise Invalid("file", _("{path} must hold a JSON list of contacts").format(
                path=path))
        return list(enumerate(data, start=1))
    assert handle is not None
    try:
        return ContactCsvRows(handle, path, KNOWN)
    except UnicodeDecodeError:
        raise Invalid("file", _("{path} is not UTF-8 text").format(path=path)) from None


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value)
    return None if value is None else ""


def check_row(number: int, raw: Any, region: str | None, seen: dict[str, int]
              ) -> tuple[ContactDraft | None, list[RowProblem]]:
    """(the draft, no problems), (None, the row's problems), or (None, []) for a number an
    earlier row of the file already has (a duplicate)."""
    if isinstance(raw, Unreadable):
        return None, [RowProblem(number, raw.field, raw.reason)]
    if not isinstance(raw, dict):
        return None, [RowProblem(number, "row", _("is not an object with fields"))]
    problems: list[tuple[str, str]] = []
    if "__extra__" in raw:
        problems.append(("row", _("has more values than the header has columns")))
    fields: dict[str, str] = {}
    for key, value in raw.items():
        if key in KNOWN or key == "__extra__":
            continue
        text = _text(value)
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_FIELD_NAME:
            problems.append(("row", _("a column needs a name of 1 to 40 characters")))
        elif text is None:
            problems.append((key, _("must be text or a number")))
        elif text:
            fields[key.strip()] = text
    phone = raw.get("phone")
    try:
        e164 = phones.normalize(str(phone or ""), region, field="phone")
    except Invalid as exc:
        problems.append(("phone", exc.reason))
        e164 = None
    priority = raw.get("priority")
    try:
        draft = ContactDraft.model_validate({
            "phone": e164 or "x", "name": str(raw.get("name") or ""), "fields": fields,
            "priority": 0 if priority in (None, "") else priority})
    except ValidationError as exc:
        problems.extend(_reasons(exc))
        draft = None
    if problems or draft is None:
        return None, [RowProblem(number, f, r) for f, r in problems]
    assert e164 is not None
    if e164 in seen:
        return None, []
    seen[e164] = number
    return draft, []


@dataclass
class ImportResult:
    good: int = 0
    bad_rows: int = 0
    duplicates: int = 0  # in the file, or already in the campaign
    added: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def check_file(rows: Iterable[tuple[int, Any]], region: str | None, spool: IO[str],
               report: Callable[[RowProblem], None]) -> ImportResult:
    """Pass 1: every row checked; good drafts spooled as JSON lines."""
    result = ImportResult()
    seen: dict[str, int] = {}
    for number, raw in rows:
        draft, problems = check_row(number, raw, region, seen)
        if problems:
            result.bad_rows += 1
            for problem in problems:
                report(problem)
        elif draft is None:
            result.duplicates += 1
        else:
            spool.write(draft.model_dump_json() + "\n")
            result.good += 1
    return result


def _chunks(spool: IO[str]) -> Iterator[list[ContactDraft]]:
    spool.flush()
    spool.seek(0)
    chunk: list[ContactDraft] = []
    for line in spool:
        chunk.append(ContactDraft.model_validate_json(line))
        if len(chunk) == MAX_CONTACTS_PER_CALL:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def write_contacts(backend: Backend, campaign_id: int, spool: IO[str],
                         result: ImportResult) -> None:
    """Pass 2: link and add the spooled contacts, one transaction per chunk; the next chunk
    is read and checked (on the event loop) while the store writes the one before (on its
    write thread), so the two overlap."""
    campaigns = backend.domain(CAMPAIGNS)
    await campaigns.get_campaign(campaign_id)
    # the store links contacts to the customers beside it; customers kept elsewhere (RT) are
    # asked here, a lookup per number
    remote = getattr(campaigns, "remote_customers", None) is not None

    async def add(chunk: list[ContactDraft]) -> AddedContacts:
        linked = await link_customers(backend.customers, chunk) if remote else chunk
        return await campaigns.add_contacts(campaign_id, linked)

    pending: asyncio.Task[AddedContacts] | None = None
    for chunk in _chunks(spool):
        task = asyncio.ensure_future(add(chunk))
        if pending is not None:
            try:
                _count(result, await pending)
            except BaseException:  # no further chunk after a refused one
                task.cancel()
                raise
        pending = task
    if pending is not None:
        _count(result, await pending)


def _count(result: ImportResult, added: AddedContacts) -> None:
    result.added += added.added
    result.duplicates += added.duplicates


def new_spool() -> IO[str]:
    return tempfile.TemporaryFile("w+", encoding="utf-8")  # closed by the caller
