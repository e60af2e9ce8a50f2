"""Failures end in one clear line and a non-zero exit, never a traceback; `config …`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import Invoke, assert_clean_failure, run_process


def test_locked_database_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    """Another connection holds BEGIN EXCLUSIVE; seeding in a separate process must end with
    'locked' after --lock-timeout (the subprocess timeout only bounds the test)."""
    path = tmp_path / "busy.db"
    assert run_process("--backend", str(path), "db", "init").returncode == 0
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = run_process("--backend", str(path), "db", "--lock-timeout", "0.5", "seed",
                             "--customers", "5", timeout=60)
        assert_clean_failure(result, "locked", str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # once released, the same command works
    result = run_process("--backend", str(path), "db", "--lock-timeout", "0.5", "seed",
                         "--customers", "5")
    assert result.returncode == 0, result.stderr


def test_corrupt_file_in_a_separate_process(tmp_path: Path) -> None:
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"\x00garbage" * 1000)
    result = run_process("--backend", str(bad), "db", "check")
    assert_clean_failure(result, "not a database")


def test_database_in_an_unwritable_place(invoke: Invoke, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    result = invoke("db", "init", url=f"sqlite:///{blocker / 'sub' / 'x.db'}")
    assert_clean_failure(result, "cannot create the folder")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert_clean_failure(invoke("db", "init", url=f"sqlite:///{folder}"), "is a folder")


def test_invalid_option_values(invoke: Invoke) -> None:
    result = invoke("db", "seed", "--customers", "-3")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "--customers" in result.output
    assert_clean_failure(invoke("db", "init", url="ftp://example.org/x"), "backend")


def test_config_path_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from console.cli import cli

    target = tmp_path / "mine.toml"
    monkeypatch.setenv("CENTRALINO_CONFIG", str(target))
    result = CliRunner().invoke(cli, ["config", "path"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.strip() == str(target)


def test_config_show_masks_secrets_and_layers_sources(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from console.cli import cli

    target = tmp_path / "config.toml"
    target.write_text('token = "file-token-123"\npassword = "hunter2"\nregion = "HU"\n'
                      'operator = "from-file"\n', encoding="utf-8")
    monkeypatch.setenv("CENTRALINO_CONFIG", str(target))
    monkeypatch.setenv("CENTRALINO_OPERATOR", "from-env")
    result = CliRunner().invoke(cli, ["config", "show"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "file-token-123" not in out and "hunter2" not in out
    assert 'token = "********"' in out and 'password = "********"' in out
    assert 'region = "HU"' in out  # from the file
    assert 'operator = "from-env"' in out  # environment beats the file
    assert "# user is not set" in out
    flagged = CliRunner().invoke(cli, ["--operator", "from-flag", "config", "show"])
    assert 'operator = "from-flag"' in flagged.stdout  # flags beat both


def test_config_show_with_a_broken_file(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from console.cli import cli

    target = tmp_path / "config.toml"
    target.write_text("region = [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("CENTRALINO_CONFIG", str(target))
    result = CliRunner().invoke(cli, ["config", "show"])
    assert_clean_failure(result, str(target))
