"""`centralino operator …` on a real SQLite file, and `serve`'s refusal of a non-SQLite backend."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from backends.server.authdb import hash_token
from console.cli import cli

pytestmark = pytest.mark.sqlite_only(
    "`centralino operator …` on a SQLite file; on PostgreSQL: tests/postgres/test_cli.py")


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CENTRALINO_BACKEND", str(tmp_path / "cli.db"))

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args))
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_operator_lifecycle(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = run("operator", "add", "anna", "--role", "supervisor", "--display-name", "Anna R")
    assert added[0] == 0 and "anna (supervisor) saved" in added[1]
    code, out, err = run("operator", "token", "anna", "--expires-days", "30")
    token = out.strip()
    assert code == 0 and token.startswith("cnt_") and "shown once" in err
    conn = sqlite3.connect(tmp_path / "cli.db")
    try:
        hashes = [r[0] for r in conn.execute("SELECT hash FROM server_tokens")]
    finally:
        conn.close()
    assert hashes == [hash_token(token)]  # only the hash is kept
    code, out, _ = run("operator", "list")
    assert code == 0 and "anna" in out and "supervisor" in out and "1 live token" in out
    assert run("operator", "add", "anna", "--extension", "2001")[0] == 0  # role kept
    assert "supervisor" in run("operator", "list")[1]
    code, out, _ = run("operator", "revoke", "anna")
    assert code == 0 and "1 token(s) revoked" in out
    assert "0 live token" in run("operator", "list")[1]


def test_clear_errors(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("operator", "token", "ghost")
    assert code == 1 and "no operator ghost" in err and "Traceback" not in err
    code, _, err = run("operator", "add", "bad name")
    assert code == 1 and "Name:" in err  # the field by its label (plain_words)
    code, _, err = run("operator", "revoke", "nobody")
    assert code == 1 and "no live token" in err
    code, _, err = run("--backend", "http://127.0.0.1:9", "serve")
    assert code == 1 and "SQLite" in err


def test_service_token_needs_no_operator(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("operator", "token", "pbx-bridge", "--service", "trainer")
    assert code == 0 and out.startswith("cnt_")
    assert "service token" in run("operator", "list")[1]
