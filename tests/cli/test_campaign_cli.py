"""`centralino campaign …` on a real SQLite file: create (default outcomes or a JSON file),
import contacts with every bad row reported by row, field and reason and nothing imported
without --skip-bad, duplicates and extra columns, progress (README, "Outbound campaigns")."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke, assert_clean_failure

GOOD = "phone,name,product,priority\n06 1234 5678,Ada,router,2\n+44 20 7946 0958,Grace,,\n"
BAD = ("phone,name,priority\n06 1234 5678,Ada,1\nnot a phone,Bob,0\n"
       "+390612345679,Carla,lots\n0039 06 12345678,Ada again,0\n")


def _create(invoke: Invoke) -> None:
    made = invoke("campaign", "create", "--name", "Winter offer", "--purpose", "teleselling")
    assert made.exit_code == 0, made.stderr
    assert "campaign 1 created" in made.stdout


def test_create_import_and_show_progress(invoke: Invoke, tmp_path: Path) -> None:
    _create(invoke)
    listed = invoke("campaign", "list")
    assert "1  Winter offer  teleselling  preview  outbound" in listed.stdout
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    done = invoke("campaign", "import", "1", str(good))
    assert done.exit_code == 0, done.stderr
    assert "imported 2 contact(s); 0 duplicate(s)" in done.stdout
    again = invoke("campaign", "import", "1", str(good))
    assert "imported 0 contact(s); 2 duplicate(s)" in again.stdout
    shown = json.loads(invoke("campaign", "show", "1", "--json").stdout)
    assert shown["progress"]["contacts"] == 2 and shown["progress"]["left"] == 2
    assert [o["code"] for o in shown["campaign"]["outcomes"]][:2] == ["sale", "not_interested"]
    text = invoke("campaign", "show", "1").stdout
    assert "Winter offer (teleselling, preview)" in text and "left" in text


def test_a_bad_file_is_refused_row_by_row(invoke: Invoke, tmp_path: Path) -> None:
    _create(invoke)
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    refused = invoke("campaign", "import", "1", str(bad))
    stderr = assert_clean_failure(refused, "2 bad row(s)", "nothing was imported")
    assert "row 3: phone: 'not a phone' is not a phone number" in stderr
    assert "row 4: priority:" in stderr
    assert json.loads(invoke("campaign", "show", "1", "--json").stdout)[
        "progress"]["contacts"] == 0
    skipped = invoke("campaign", "import", "1", str(bad), "--skip-bad")
    assert skipped.exit_code == 0, skipped.stderr
    assert "imported 1 contact(s); 1 duplicate(s) and 2 bad row(s) skipped" in skipped.stdout


def test_json_contacts_keep_extra_fields(invoke: Invoke, tmp_path: Path) -> None:
    _create(invoke)
    data = tmp_path / "contacts.json"
    data.write_text(json.dumps([{"phone": "+390612345678", "name": "Ada", "plan": "fibra",
                                 "age": 41}, {"name": "no phone"}]), encoding="utf-8")
    refused = invoke("campaign", "import", "1", str(data))
    assert_clean_failure(refused, "row 2: phone: is empty")
    data.write_text(json.dumps([{"phone": "+390612345678", "plan": "fibra", "age": 41}]),
                    encoding="utf-8")
    assert "imported 1 contact(s)" in invoke("campaign", "import", "1", str(data)).stdout


def test_bad_campaigns_and_files_are_clear_errors(invoke: Invoke, tmp_path: Path) -> None:
    spec = tmp_path / "campaign.json"
    spec.write_text(json.dumps({"name": "x", "hours_start": "20:00", "hours_end": "09:00"}),
                    encoding="utf-8")
    assert_clean_failure(invoke("campaign", "create", "--file", str(spec)),
                         "calling hours must end after they start")
    _create(invoke)
    assert_clean_failure(invoke("campaign", "create", "--name", "Winter offer"),
                         "a campaign named Winter offer exists")
    no_phone = tmp_path / "x.csv"
    no_phone.write_text("name\nAda\n", encoding="utf-8")
    assert_clean_failure(invoke("campaign", "import", "1", str(no_phone)), "no 'phone' column")
    assert_clean_failure(invoke("campaign", "import", "9", str(no_phone)), "no 'phone' column")
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    assert_clean_failure(invoke("campaign", "import", "9", str(good)), "no campaign 9")


def test_change_key_settings_and_see_the_abandoned_share(invoke: Invoke) -> None:
    _create(invoke)
    changed = invoke("campaign", "change", "1", "--dial-mode", "progressive",
                     "--from", "10:00", "--until", "18:30", "--team", "care")
    assert changed.exit_code == 0, changed.stderr
    assert "campaign 1 changed: Winter offer" in changed.stdout
    shown = json.loads(invoke("campaign", "show", "1", "--json").stdout)
    assert (shown["campaign"]["dial_mode"], shown["campaign"]["hours_start"],
            shown["campaign"]["hours_end"], shown["campaign"]["team"]) == (
        "progressive", "10:00:00", "18:30:00", "care")
    assert shown["progress"]["abandon_share"] == 0.0
    text = invoke("campaign", "show", "1").stdout
    assert "abandoned 0 of 0 live calls in 24 h: 0.0% (limit 3%)" in text
    assert_clean_failure(invoke("campaign", "change", "1", "--until", "09:00"),
                         "calling hours must end after they start")
    assert_clean_failure(invoke("campaign", "change", "1", "--from", "nine"),
                         "from: 'nine' is not a time of day")


def test_the_claim_lease_is_set_at_creation_and_changed(invoke: Invoke) -> None:
    made = invoke("campaign", "create", "--name", "Leased", "--claim-lease", "30")
    assert made.exit_code == 0, made.stderr
    shown = json.loads(invoke("campaign", "show", "1", "--json").stdout)
    assert shown["campaign"]["claim_lease_minutes"] == 30
    changed = invoke("campaign", "change", "1", "--claim-lease", "5")
    assert changed.exit_code == 0, changed.stderr
    shown = json.loads(invoke("campaign", "show", "1", "--json").stdout)
    assert shown["campaign"]["claim_lease_minutes"] == 5
    refused = invoke("campaign", "change", "1", "--claim-lease", "0")
    assert refused.exit_code != 0
