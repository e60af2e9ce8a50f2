"""CSV rows for `db import`, streamed from the file in bounded memory, each row bounded too.

A quote left open (`Anna Verdi,"ha detto: ""ok"" e poi`) makes a CSV reader take every
following line as part of that one value, to the end of the file, and say nothing. Here a row
may span at most MAX_ROW_LINES physical lines and MAX_ROW_CHARS characters (a customer's longest
value, the notes, holds 20,000); a row past either limit, or one still open at the end of the
file, is a bad row naming its first line, and reading goes on from the line after that one,
so the rows it swallowed are read (and checked) as rows again. Nothing is lost in silence.

Rows are numbered as a person counts them: the header is row 1; a row spanning several lines
(a quoted note with line breaks) is one row. Lines are physical lines of the file.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from backends.errors import Invalid
from backends.i18n import _
from backends.i18n import number as locale_number
from console.export_safety import restore

MAX_ROW_LINES = 50
MAX_ROW_CHARS = 100_000


@dataclass(frozen=True)
class Unreadable:
    """A row the CSV reader could not cut out of the file: `field` and `reason` say why."""

    field: str
    reason: str


class _Runaway(Exception):  # between _Lines and CsvRows only, never seen outside
    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Lines:
    """Physical lines for csv.reader, counted and bounded per row; the lines of a runaway
    row after its first are handed out again."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.read = 0  # physical lines taken from the file so far
        self.again: deque[tuple[int, str]] = deque()
        self.row: list[tuple[int, str]] = []
        self.chars = 0

    def start_row(self) -> None:
        self.row, self.chars = [], 0

    def replay_after_first(self) -> None:
        """Read the lines of the row just abandoned again, from its second line on."""
        self.again.extendleft(reversed(self.row[1:]))

    def first_line(self) -> int:
        return self.row[0][0] if self.row else self.read + 1

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.row) >= MAX_ROW_LINES:  # the reader wants yet another line
            raise _Runaway(_("a quoted value that starts on line {line} runs over more than "
                             "{limit} lines; a closing quote (\") is probably missing").format(
                line=self.first_line(), limit=MAX_ROW_LINES))
        number, text = self.again.popleft() if self.again else self._from_file()
        if not text:
            if self.row:  # the reader is inside a quoted value: it runs to the end
                raise _Runaway(_("a quoted value that starts on line {line} is never closed "
                                 "(it runs to the end of the file); a closing quote (\") is "
                                 "probably missing").format(line=self.first_line()))
            raise StopIteration
        self.row.append((number, text))
        self.chars += len(text)
        if self.chars > MAX_ROW_CHARS:
            raise _Runaway(_("the row that starts on line {line} is longer than {limit} "
                             "characters").format(line=self.first_line(),
                                                  limit=locale_number(MAX_ROW_CHARS)))
        return text

    def _from_file(self) -> tuple[int, str]:
        text = self.handle.readline(MAX_ROW_CHARS + 1)
        if not text:
            return self.read + 1, ""
        self.read += 1
        if len(text) > MAX_ROW_CHARS and not text.endswith(("\n", "\r")):
            while (rest := self.handle.readline(MAX_ROW_CHARS)) and not rest.endswith(
                    ("\n", "\r")):
                pass  # skip the rest of an overlong line without holding it
        return self.read, text


class CsvRows:
    """`for number, row in CsvRows(handle, path)`: each row a dict by header name, or an
    Unreadable. The header is read (and checked) on creation; Invalid when it is wrong.
    `REQUIRED` is the column the header must have; `OPEN` accepts columns not in `columns`
    (a campaign's contacts keep them as fields)."""

    REQUIRED = "name"
    OPEN = False

    def __init__(self, handle: TextIO, path: Path, columns: tuple[str, ...], *,
                 raw_cells: bool = False) -> None:
        self.lines = _Lines(handle)
        self.reader = csv.reader(self.lines)
        self.path = path
        self.raw_cells = raw_cells
        self.header = self._header(columns)

    def _header(self, columns: tuple[str, ...]) -> list[str]:
        try:
            first = next(self.reader, None)
        except (_Runaway, csv.Error) as exc:
            why = exc.reason if isinstance(exc, _Runaway) else str(exc)
            raise Invalid("file", _("{path}: the header cannot be read: {why}").format(
                path=self.path, why=why)) from None
        if first is None:
            raise Invalid("file", _("{path} is empty").format(path=self.path))
        header = [h.strip().lower() for h in first]
        unknown = [] if self.OPEN else [h for h in header if h not in columns]
        if unknown:
            raise Invalid("file", _("{path}: unknown column '{name}' (expected some of: "
                                    "{columns})").format(path=self.path, name=unknown[0],
                                                         columns=",".join(columns)))
        if self.REQUIRED not in header:
            raise Invalid("file", _("{path}: the header has no '{name}' column (expected: "
                                    "{columns})").format(path=self.path, name=self.REQUIRED,
                                                         columns=",".join(columns)))
        return header

    def _field_of(self, first_line: str) -> str:
        """The column of the value left open on `first_line` (the last one it starts)."""
        values = next(csv.reader([first_line]), [])
        index = max(0, len(values) - 1)
        return self.header[index] if index < len(self.header) else "row"

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any] | Unreadable]]:
        number = 1
        while True:
            self.lines.start_row()
            try:
                values = next(self.reader)
            except StopIteration:
                return
            except (_Runaway, csv.Error) as exc:
                number += 1
                first = self.lines.row[0][1] if self.lines.row else ""
                if isinstance(exc, _Runaway):
                    yield number, Unreadable(self._field_of(first), exc.reason)
                else:
                    yield number, Unreadable("row", _("line {line} is not valid CSV: {why}")
                                             .format(line=self.lines.first_line(), why=exc))
                self.lines.replay_after_first()
                continue
            number += 1
            if not any(v.strip() for v in values):
                continue  # blank line
            if not self.raw_cells:
                values = [restore(v) for v in values]  # undo the export's neutralisation
            row: dict[str, Any] = dict(zip(self.header, values, strict=False))
            if len(values) > len(self.header):
                row["__extra__"] = values[len(self.header):]
            yield number, row
