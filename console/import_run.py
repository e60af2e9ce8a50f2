"""`db import` in two passes over bounded memory: check every row, then write the good ones.

Pass 1 reads the file row by row (console.importer), reports each bad row as soon as it is
found, and writes each good row, already checked and normalised, as one JSON line to a spool:
an anonymous temporary file (0600, unlinked: no other process sees it). Pass 2, only when the
file has no bad row or `--skip-bad` was given, hands the spool to the backend: with "bulk", one
transaction that reads it line by line (nothing is written when any row fails). Memory holds
one row at a time, plus the codes seen so far (a code used twice in the file is a bad row).
Before, the whole file, every row and every draft were held at once: 1.3 GB for 50 MB of CSV.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from backends.capabilities import Capability
from backends.customers.inputs import CustomerDraft
from backends.errors import NotFound
from backends.i18n import _
from backends.protocol import Backend
from console.importer import RowProblem, check_row

Report = Callable[[RowProblem], None]


@dataclass
class Checked:
    good: int = 0
    bad_rows: int = 0


class Spool:
    """Checked customers, one JSON object a line, in an anonymous temporary file."""

    def __init__(self) -> None:
        # closed by close(): the spool lives as long as the import, across both passes
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def add(self, draft: CustomerDraft) -> None:
        self.file.write(json.dumps(draft.model_dump(mode="json"), ensure_ascii=False))
        self.file.write("\n")

    def __iter__(self) -> Iterator[dict[str, Any]]:
        # from the start each time: a transaction tried again reads every row again
        self.file.flush()
        self.file.seek(0)
        for line in self.file:
            yield json.loads(line)

    def close(self) -> None:
        self.file.close()


async def check_rows(backend: Backend, rows: Iterable[tuple[int, Any]], spool: Spool,
                     report: Report) -> Checked:
    """Pass 1: every row checked (a code the store already has is a bad row too)."""
    checked = Checked()
    seen_codes: dict[str, int] = {}
    for number, raw in rows:
        draft, problems = check_row(number, raw, seen_codes)
        if draft is not None and draft.code and await _exists(backend, draft.code):
            problems = [RowProblem(number, "code", _(
                "customer {code} already exists in the database").format(code=draft.code))]
        if problems:
            checked.bad_rows += 1
            for problem in problems:
                report(problem)
        elif draft is not None:
            spool.add(draft)
            checked.good += 1
    return checked


async def _exists(backend: Backend, code: str) -> bool:
    try:
        await backend.customers.get_customer_by_code(code)
    except NotFound:
        return False
    return True


async def write_spooled(backend: Backend, spool: Spool, count: int) -> tuple[int, str]:
    """Pass 2: write the spooled customers; returns (count, how, in words a person reads).
    With "bulk" it is one transaction (nothing is written when any row fails); otherwise one
    customer at a time (not atomic)."""
    if not count:
        return 0, _("nothing to write")
    if Capability.BULK in backend.capabilities:
        return await backend.bulk_load("customers", spool), _(
            "all at once: had one failed, none would have been kept")
    written = 0
    for row in spool:
        await backend.customers.create_customer(CustomerDraft.model_validate(row))
        written += 1
    return written, _("one at a time")
