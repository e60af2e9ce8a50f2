"""`centralino dnc add|remove|import|check` on a real SQLite file: numbers in any format
match, `check` prints why and exits 1 when a number may not be called (0 when all may), a
register file with a bad line is refused line by line (README, "Outbound campaigns")."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Invoke, assert_clean_failure


def test_add_check_remove_in_any_format(invoke: Invoke) -> None:
    added = invoke("dnc", "add", "+39 06 1234 5678", "--reason", "asked by phone")
    assert added.exit_code == 0, added.stderr
    assert "1 number(s) added to internal" in added.stdout
    for spelt in ("+390612345678", "0039 06 12345678", "06 1234 5678"):
        checked = invoke("--region", "IT", "dnc", "check", spelt)
        assert checked.exit_code == 1
        assert "do not call (internal: asked by phone)" in checked.stdout
    free = invoke("dnc", "check", "+390612345679", "+442079460958")
    assert free.exit_code == 0
    assert free.stdout.count("may be called") == 2
    mixed = invoke("dnc", "check", "+390612345679", "not a number")
    assert mixed.exit_code == 1 and "not a number that can be called" in mixed.stdout
    assert "1 number(s) removed" in invoke("dnc", "remove", "06 12345678").stdout
    assert invoke("dnc", "check", "+390612345678").exit_code == 0


def test_import_a_register(invoke: Invoke, tmp_path: Path) -> None:
    tps = tmp_path / "tps.txt"
    tps.write_text("# TPS extract\n020 7946 0958\n+44 20 7946 0959\n\n020 7946 0958\n",
                   encoding="utf-8")
    done = invoke("dnc", "import", str(tps), "--list", "uk_tps")
    assert done.exit_code == 0, done.stderr
    assert "2 number(s) added to uk_tps; 1 already there, 0 bad line(s)" in done.stdout
    checked = invoke("dnc", "check", "+442079460959")
    assert checked.exit_code == 1 and "uk_tps" in checked.stdout
    rpo = tmp_path / "rpo.csv"
    rpo.write_text("06 1234 5678,ROSSI\nabc,X\n02 1234 5678\n", encoding="utf-8")
    refused = invoke("dnc", "import", str(rpo), "--list", "it_rpo")
    assert_clean_failure(refused, "line 2: number:", "1 bad line(s)", "nothing was imported")
    assert invoke("dnc", "check", "+390612345678").exit_code == 0
    skipped = invoke("dnc", "import", str(rpo), "--list", "it_rpo", "--skip-bad")
    assert "2 number(s) added to it_rpo" in skipped.stdout
    assert invoke("dnc", "check", "+390212345678").exit_code == 1


def test_a_campaign_list_needs_its_campaign(invoke: Invoke) -> None:
    assert_clean_failure(invoke("dnc", "add", "+390612345678", "--list", "campaign"),
                         "campaign_id")
    assert_clean_failure(invoke("dnc", "add", "+390612345678", "--list", "campaign",
                                "--campaign", "5"), "no campaign 5")
