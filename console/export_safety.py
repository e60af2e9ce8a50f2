"""Exports that cannot attack whoever opens them (DESIGN.md security rules).

Spreadsheets run a CSV cell that begins with `=`, `+`, `-` or `@` (also tab and carriage
return: OWASP "CSV injection") as a formula: `=HYPERLINK("http://attacker.example/","x")` in a
customer's name becomes a live link. Such a cell is written with a leading apostrophe, which
spreadsheets show as text; `db import` removes exactly that apostrophe again, so an export still
imports back to the same data:

- written: a cell matching `'*[=+-@\\t\\r]…` (any apostrophes, then a formula character) gets
  one more apostrophe in front: `=1+1` → `'=1+1`, `'=x` → `''=x`; every other cell is as it is;
- read: a cell that begins with an apostrophe followed by such a cell loses that apostrophe.

The two are inverse on every string. E.164 phone numbers begin with `+`, so a phone column reads
`'+390612345678` (a spreadsheet would otherwise turn it into the number 390612345678).
`--raw-cells` on both commands turns this off for programs that read the CSV themselves.

Text meant for a terminal carries no control characters from the data: CSV cells go through the
console's sanitiser when standard output is a terminal; JSON escapes the controls it would
otherwise pass (DEL, C1, bidi overrides, line/paragraph separators) as \\uXXXX, which changes
no data, so it does that always.
"""

from __future__ import annotations

import re

from backends.sanitize import clean

MARK = "'"
_FORMULA = re.compile(r"'*[=+\-@\t\r]")  # zero or more apostrophes, then a formula lead
# json.dumps escapes C0 controls, '"' and '\\' itself; these it passes through as they are
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                          "\u2028\u2029\ufeff]")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it as text, never run it."""
    return MARK + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """The cell as it was before `neutralise` (cells not written by it are kept as they are,
    unless they look exactly like its output)."""
    if cell.startswith(MARK) and _FORMULA.match(cell, 1):
        return cell[1:]
    return cell


def for_terminal(cell: str) -> str:
    """Control and escape characters shown as symbols (newlines and tabs kept)."""
    return clean(cell)


def json_escape_controls(text: str) -> str:
    """JSON text with every remaining control character written as a \\uXXXX escape: the same
    data, harmless on a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
