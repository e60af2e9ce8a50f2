"""`centralino db import` / `db export`: every bad row reported, all-or-nothing, round trips."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke, assert_clean_failure

HEADER = "code,name,company,phones,email,language,tags,marketing,recording,notes\n"
GOOD_CSV = HEADER + (
    "IMP-001,Giulia Ferri,Ferri Impianti S.r.l.,06 4123 4567;+39 347 123 4567,"
    "giulia@ferri.example,it,VIP;B2B,yes,no,Chiama dopo le 10\n"
    "IMP-002,Kovács Péter,,+36 20 123 4567,peter.kovacs@posta.example,hu,,no,yes,\n"
    ",Ana Pop,,+40 722 123 456,,ro,,,,\"two\nlines\"\n"
)


def count_customers(invoke: Invoke, url: str | None = None) -> int:
    result = invoke("db", "export", "--what", "customers", "--format", "json", url=url)
    assert result.exit_code == 0, result.stderr
    return len(json.loads(result.stdout))


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_import_good_csv(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("db", "import", str(write(tmp_path, "good.csv", GOOD_CSV)))
    assert result.exit_code == 0, result.stderr
    assert "imported 3 customer(s), skipped 0 bad row(s)" in result.stdout
    exported = json.loads(invoke("db", "export", "--format", "json").stdout)
    by_name = {c["name"]: c for c in exported}
    giulia = by_name["Giulia Ferri"]
    assert giulia["code"] == "IMP-001"
    assert giulia["phones"] == ["+390641234567", "+393471234567"]  # normalised to E.164
    assert giulia["tags"] == ["VIP", "B2B"]
    assert giulia["consent"] == {"marketing": True, "recording": False}
    assert by_name["Ana Pop"]["notes"] == "two\nlines"
    assert by_name["Ana Pop"]["code"]  # assigned by the store


def test_bad_rows_are_all_reported_and_nothing_is_imported(invoke: Invoke,
                                                           tmp_path: Path) -> None:
    text = GOOD_CSV + (
        "IMP-010,Mario Bianchi,,+39 06 12,mario@example.com,it,,,,\n"  # row 5: phone
        "IMP-011,Emma Jones,,,emma(at)example.com,en,,maybe,,\n"  # row 6: email + flag
        "IMP-012,,,,,,,,,\n"  # row 7: no name
        "IMP-001,Dup In File,,,,it,,,,\n"  # row 8: code used by row 2
    )
    result = invoke("db", "import", str(write(tmp_path, "mixed.csv", text)))
    stderr = assert_clean_failure(result, "nothing was imported", "--skip-bad")
    assert "row 5: phones: '+39 06 12'" in stderr
    assert "row 6: email: 'emma(at)example.com' is not an email address" in stderr
    assert "row 6: marketing: 'maybe' is not yes or no" in stderr
    assert "row 7: name:" in stderr
    assert "row 8: code: IMP-001 is already used by row 2" in stderr
    assert "4 bad row(s)" in stderr
    assert count_customers(invoke) == 0


def test_skip_bad_imports_the_good_rows_and_counts_both(invoke: Invoke,
                                                       tmp_path: Path) -> None:
    text = GOOD_CSV + "IMP-010,Mario Bianchi,,12,,it,,,,\n"
    result = invoke("db", "import", "--skip-bad", str(write(tmp_path, "mixed.csv", text)))
    assert result.exit_code == 0, result.stderr
    assert "row 5: phones:" in result.stderr
    assert "imported 3 customer(s), skipped 1 bad row(s)" in result.stdout
    assert count_customers(invoke) == 3


def test_codes_already_in_the_database_are_bad_rows(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("db", "import", str(write(tmp_path, "a.csv", GOOD_CSV))).exit_code == 0
    again = HEADER + "IMP-002,Someone Else,,,,en,,,,\nIMP-099,New Person,,,,en,,,,\n"
    result = invoke("db", "import", str(write(tmp_path, "b.csv", again)))
    assert_clean_failure(result, "row 2: code: customer IMP-002 already exists")
    assert count_customers(invoke) == 3
    skipped = invoke("db", "import", "--skip-bad", str(tmp_path / "b.csv"))
    assert skipped.exit_code == 0 and "imported 1 customer(s), skipped 1" in skipped.stdout


def test_json_rows_are_counted_from_one(invoke: Invoke, tmp_path: Path) -> None:
    rows = [
        {"code": "J-001", "name": "Ioana Mureșan", "phones": ["+40 722 123 456"],
         "language": "ro", "consent": {"marketing": True, "recording": True}},
        {"name": "Bad Phone", "phones": "0000"},
        "not an object",
        {"name": "Extra", "favourite_colour": "blue"},
    ]
    path = write(tmp_path, "c.json", json.dumps(rows, ensure_ascii=False))
    stderr = assert_clean_failure(invoke("db", "import", str(path)))
    assert "row 2: phones:" in stderr
    assert "row 3: row: is not an object" in stderr
    assert "row 4: favourite_colour: unknown field" in stderr
    assert "row 1:" not in stderr
    result = invoke("db", "import", "--skip-bad", str(path))
    assert "imported 1 customer(s), skipped 3 bad row(s)" in result.stdout


def test_malformed_files_get_one_clear_message_and_write_nothing(invoke: Invoke,
                                                               tmp_path: Path) -> None:
    cases = {
        "broken.json": ('[{"name": "A"', "is not valid JSON"),
        "object.json": ('{"name": "A"}', "must hold a JSON list"),
        "noname.csv": ("code,company\nX-1,ACME\n", "no 'name' column"),
        "unknown.csv": ("name,shoe_size\nA,44\n", "unknown column 'shoe_size'"),
        "latin1.csv": ("name,notes\nNiccolò,perché\n".encode("latin-1"), "not UTF-8"),
        "empty.csv": ("", "is empty"),
    }
    for name, (content, message) in cases.items():
        result = invoke("db", "import", str(write(tmp_path, name, content)))
        assert_clean_failure(result, message)
    assert_clean_failure(invoke("db", "import", str(tmp_path / "missing.csv")), "cannot read")
    assert count_customers(invoke) == 0


def test_export_import_round_trip(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("db", "seed", "--customers", "120", "--seed", "5").exit_code == 0
    for fmt in ("csv", "json"):
        dump = tmp_path / f"customers.{fmt}"
        result = invoke("db", "export", "--format", fmt, "-o", str(dump))
        assert result.exit_code == 0, result.stderr
        assert "exported 120 customers" in result.stdout
        fresh = f"sqlite:///{tmp_path / f'fresh-{fmt}.db'}"
        imported = invoke("db", "import", str(dump), url=fresh)
        assert imported.exit_code == 0, imported.stderr
        assert "imported 120 customer(s)" in imported.stdout
        original = invoke("db", "export", "--format", fmt).stdout
        copied = invoke("db", "export", "--format", fmt, url=fresh).stdout
        assert copied == original, fmt
        assert dump.read_text(encoding="utf-8") == original


def test_export_to_an_unwritable_place(invoke: Invoke, tmp_path: Path) -> None:
    blocker = write(tmp_path, "a-file", "x")
    result = invoke("db", "export", "-o", str(blocker / "out.csv"))
    assert_clean_failure(result, "cannot write")


def test_export_tickets_and_calls_csv(invoke: Invoke) -> None:
    invoke("db", "seed", "--customers", "40", "--calls", "9", "--tickets", "4")
    tickets = invoke("db", "export", "--what", "tickets").stdout.splitlines()
    calls = invoke("db", "export", "--what", "calls").stdout.splitlines()
    assert tickets[0].startswith("id,ref,customer_id,subject") and len(tickets) == 5
    assert calls[0].startswith("id,channel,direction,caller") and len(calls) == 10


def test_hostile_text_in_a_bad_row_is_shown_harmlessly(invoke: Invoke, tmp_path: Path) -> None:
    text = HEADER + "X-1,Eve,,\x1b]52;c;ZXZpbA==\x07,,en,,,,\n"
    result = invoke("db", "import", str(write(tmp_path, "evil.csv", text)))
    stderr = assert_clean_failure(result, "row 2: phones:")
    assert "\x1b" not in stderr and "\x07" not in stderr
    assert "\u241b]52" in stderr  # ESC shown as a visible symbol
