"""Outputs are written where they are named, never through a symbolic link an attacker
planted; credentials in a backend URL are never printed. Real files and symlinks, the real CLI
(in-process; the unreachable server is a closed port on 127.0.0.1)."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from console.cli import cli
from tests.cli.conftest import Invoke, assert_clean_failure


def test_backup_onto_a_dangling_symlink_is_refused_and_creates_nothing(
        invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("db", "init").exit_code == 0
    target = tmp_path / "elsewhere" / "victim.db"
    target.parent.mkdir()
    link = tmp_path / "copy.db"
    link.symlink_to(target)
    for extra in ((), ("--overwrite",)):
        result = invoke("db", "backup", *extra, str(link))
        assert_clean_failure(result, "symbolic link")
        assert not target.exists()
    assert link.is_symlink()


def test_export_never_writes_through_a_planted_part_symlink(invoke: Invoke,
                                                            tmp_path: Path) -> None:
    assert invoke("db", "seed", "--customers", "5").exit_code == 0
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    (tmp_path / "out.csv.part").symlink_to(precious)  # the old temporary name
    result = invoke("db", "export", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert out.read_text(encoding="utf-8").startswith("code,name,")
    assert not out.is_symlink()


def test_export_onto_a_symlink_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.symlink_to(precious)
    assert_clean_failure(invoke("db", "export", "-o", str(out)), "symbolic link")
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_credentials_in_a_backend_url_are_masked(tmp_path: Path, monkeypatch) -> None:
    url = f"http://anna:hunter2@127.0.0.1:{_closed_port()}"
    config = tmp_path / "config.toml"
    config.write_text(f'backend = "{url}"\ntoken = "tok-secret"\n', encoding="utf-8")
    config.chmod(0o600)
    monkeypatch.setenv("CENTRALINO_CONFIG", str(config))
    runner = CliRunner()
    shown = runner.invoke(cli, ["config", "show"], catch_exceptions=False)
    assert shown.exit_code == 0
    assert "hunter2" not in shown.output and "tok-secret" not in shown.output
    assert "http://anna:***@127.0.0.1" in shown.stdout
    failed = runner.invoke(cli, ["db", "check"], catch_exceptions=False)
    stderr = assert_clean_failure(failed, "cannot be reached")
    assert "hunter2" not in stderr and "anna:***@127.0.0.1" in stderr
