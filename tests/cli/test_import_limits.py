"""`db import` never reports success over lost rows: a quote left open is a bad row naming its
line (not the silent end of the file), rows are bounded in lines and characters, and a JSON
document nested thousands deep is one clear error, not a RecursionError traceback. Real files,
real SQLite, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke, assert_clean_failure, run_process

# the documented limits of one CSV row (console/import_csv.py, README "Bad input")
MAX_ROW_LINES = 50
MAX_ROW_CHARS = 100_000
HEADER = "code,name,company,phones,email,language,tags,marketing,recording,notes\n"


def _people(first: int, count: int) -> str:
    return "".join(f"P-{n:04d},Persona {n},,,,it,,,,nota {n}\n"
                   for n in range(first, first + count))


def _names(invoke: Invoke) -> list[str]:
    result = invoke("db", "export", "--format", "json")
    return [c["name"] for c in json.loads(result.stdout)]


def test_an_unclosed_quote_is_a_bad_row_and_the_rows_after_it_are_kept(
        invoke: Invoke, tmp_path: Path) -> None:
    # row 2 opens a quote it never closes; 50 rows follow (the whole rest of the file)
    text = HEADER + ',Anna Verdi,,,,it,,,,"ha detto: ""ok"" e poi\n' + _people(1, 50)
    source = tmp_path / "open-quote.csv"
    source.write_text(text, encoding="utf-8")
    result = invoke("db", "import", str(source))
    stderr = assert_clean_failure(result, "1 bad row(s)", "nothing was imported",
                                  "50 good row(s)")
    assert "row 2: notes:" in stderr and "line 2" in stderr and "quote" in stderr
    assert _names(invoke) == []
    result = invoke("db", "import", "--skip-bad", str(source))
    assert result.exit_code == 0, result.stderr
    assert "imported 50 customer(s), skipped 1 bad row(s)" in result.stdout
    names = _names(invoke)
    assert len(names) == 50 and "Anna Verdi" not in names


def test_a_quoted_value_running_past_the_line_limit_is_a_bad_row(invoke: Invoke,
                                                                 tmp_path: Path) -> None:
    after = MAX_ROW_LINES + 30  # more rows than one value may span
    text = (HEADER + _people(1, 3) + 'X-0001,"Anna Verdi,,,,it,,,,ciao\n'
            + _people(4, after))
    source = tmp_path / "long.csv"
    source.write_text(text, encoding="utf-8")
    stderr = assert_clean_failure(invoke("db", "import", str(source)), "1 bad row(s)")
    assert "row 5: name:" in stderr and "line 5" in stderr
    assert f"{MAX_ROW_LINES} lines" in stderr
    result = invoke("db", "import", "--skip-bad", str(source))
    assert f"imported {3 + after} customer(s), skipped 1 bad row(s)" in result.stdout


def test_a_quoted_note_over_several_lines_is_still_one_good_row(invoke: Invoke,
                                                               tmp_path: Path) -> None:
    note = "\n".join(f"riga {n}" for n in range(MAX_ROW_LINES - 5))
    source = tmp_path / "notes.csv"
    source.write_text(HEADER + f',Anna Verdi,,,,it,,,,"{note}"\n' + _people(1, 2),
                      encoding="utf-8")
    result = invoke("db", "import", str(source))
    assert result.exit_code == 0, result.stderr
    assert "imported 3 customer(s), skipped 0 bad row(s)" in result.stdout


def test_an_overlong_line_is_a_bad_row(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "huge.csv"
    source.write_text(HEADER + _people(1, 1) + ",Big," + "x" * (MAX_ROW_CHARS + 10)
                      + ",,,,,,,\n" + _people(2, 1), encoding="utf-8")
    stderr = assert_clean_failure(invoke("db", "import", str(source)), "1 bad row(s)")
    assert "row 3:" in stderr and "line 3" in stderr and "characters" in stderr
    result = invoke("db", "import", "--skip-bad", str(source))
    assert "imported 2 customer(s), skipped 1 bad row(s)" in result.stdout


def test_deeply_nested_json_is_one_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_process("--backend", str(tmp_path / "store.db"), "db", "import", str(source))
    assert_clean_failure(result, "nested too deeply")
    inner = tmp_path / "deep-value.json"
    inner.write_text('[{"name": "A", "notes": ' + "[" * 100_000 + "]" * 100_000 + "}]",
                     encoding="utf-8")
    result = run_process("--backend", str(tmp_path / "store.db"), "db", "import", str(inner))
    assert_clean_failure(result, "nested too deeply")


def test_the_documented_limits_are_the_ones_in_force() -> None:
    from console import import_csv

    assert (import_csv.MAX_ROW_LINES, import_csv.MAX_ROW_CHARS) == (MAX_ROW_LINES,
                                                                     MAX_ROW_CHARS)
