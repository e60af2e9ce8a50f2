"""`db export` that cannot attack whoever opens it: formula cells neutralised in CSV (and
restored by `db import`), no control characters on a terminal. Real SQLite files; the terminal
is a real pseudo-terminal around a real `centralino` process."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import ROOT, Invoke

HYPERLINK = '=HYPERLINK("http://attacker.example/","x")'
OSC52 = "\x1b]52;c;cHduZWQ=\x07"
HOSTILE = [  # (name, company, notes): every formula lead of OWASP's list, and controls
    (HYPERLINK, "+cmd|' /C calc'!A0", "-2+3"),
    ("@SUM(1+1)", "\t=1", "\r=2"),
    ("'=already quoted", "''+x", "'plain apostrophe"),
    ("Anna " + OSC52, "C1 \x9b31m", "bidi \u202eevil"),
]


def _seed_hostile(invoke: Invoke, tmp_path: Path) -> None:
    rows = [{"name": n, "company": c, "notes": t, "phones": ["+39 06 1234 567" + str(i)]}
            for i, (n, c, t) in enumerate(HOSTILE)]
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    result = invoke("db", "import", str(source))
    assert result.exit_code == 0, result.stderr


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(invoke: Invoke,
                                                                  tmp_path: Path) -> None:
    _seed_hostile(invoke, tmp_path)
    out = tmp_path / "out.csv"
    assert invoke("db", "export", "-o", str(out)).exit_code == 0
    rows = _cells(out.read_text(encoding="utf-8"))
    header, body = rows[0], rows[1:]
    for row in body:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", (header, row)
    by_name = {row[header.index("notes")]: row for row in body}
    first = by_name["'-2+3"]
    assert first[header.index("name")] == "'" + HYPERLINK
    assert first[header.index("company")] == "'+cmd|' /C calc'!A0"
    assert first[header.index("phones")].startswith("'+39")  # E.164 begins with +
    third = by_name["'plain apostrophe"]  # an apostrophe not before a formula: as it is
    assert third[header.index("name")] == "''=already quoted"
    # --raw-cells: the data exactly as stored, for programs
    raw = invoke("db", "export", "--raw-cells").stdout
    assert HYPERLINK in [row[1] for row in _cells(raw)]


def test_neutralised_export_imports_back_to_the_same_data(invoke: Invoke,
                                                          tmp_path: Path) -> None:
    _seed_hostile(invoke, tmp_path)
    out = tmp_path / "out.csv"
    assert invoke("db", "export", "-o", str(out)).exit_code == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    imported = invoke("db", "import", str(out), url=fresh)
    assert imported.exit_code == 0, imported.stderr
    original = json.loads(invoke("db", "export", "--format", "json").stdout)
    copied = json.loads(invoke("db", "export", "--format", "json", url=fresh).stdout)
    assert copied == original
    assert {c["name"] for c in copied} >= {HYPERLINK, "'=already quoted", "@SUM(1+1)"}
    # both sides raw: the same data too
    raw = tmp_path / "raw.csv"
    assert invoke("db", "export", "--raw-cells", "-o", str(raw)).exit_code == 0
    again = f"sqlite:///{tmp_path / 'again.db'}"
    assert invoke("db", "import", "--raw-cells", str(raw), url=again).exit_code == 0
    assert json.loads(invoke("db", "export", "--format", "json", url=again).stdout) == original


def test_json_export_carries_no_raw_control_characters_but_the_same_data(
        invoke: Invoke, tmp_path: Path) -> None:
    _seed_hostile(invoke, tmp_path)
    text = invoke("db", "export", "--format", "json").stdout
    for char in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert char not in text
    names = {c["name"] for c in json.loads(text)}
    assert "Anna " + OSC52 in names


def test_csv_on_a_terminal_shows_control_characters_as_symbols(invoke: Invoke,
                                                              tmp_path: Path) -> None:
    _seed_hostile(invoke, tmp_path)
    db = tmp_path / "store.db"
    leader, follower = pty.openpty()
    env = dict(os.environ, CENTRALINO_CONFIG=str(tmp_path / "none.toml"))
    process = subprocess.Popen(
        [sys.executable, "-c", "from console.cli import main; main()", "--backend", str(db),
         "db", "export"], stdout=follower, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    text = received.decode("utf-8")
    for char in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert char not in text, repr(text)
    assert "Anna \u241b]52;c;cHduZWQ=\u2407" in text  # shown, not obeyed
    assert "'" + HYPERLINK.replace('"', '""') in text
