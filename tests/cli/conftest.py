"""Fixtures for the `centralino db …` / `config …` tests: a temp SQLite file and a CLI runner.

Every command runs in-process through click's CliRunner against a real SQLite file, except
where a separate process is the point (locking, tracebacks); those use subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from console.cli import cli

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-03-02T15:00:00+00:00"

Invoke = Callable[..., Result]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def invoke(db_url: str) -> Invoke:
    """invoke("db", "seed", …, url=other) → click Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def run(*args: str, url: str | None = None, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--backend", url or db_url, *args], input=input,
                             catch_exceptions=False)

    return run


def run_process(*args: str, env: dict[str, str] | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`centralino ARGS` in its own interpreter (bounded by `timeout`)."""
    import os

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", "from console.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=timeout, env=full_env,
                          cwd=ROOT, check=False)


def assert_clean_failure(result: Result | subprocess.CompletedProcess[str],
                         *fragments: str) -> str:
    """Non-zero exit, an `error:` line naming the problem, and no traceback."""
    code = result.exit_code if isinstance(result, Result) else result.returncode
    stderr = result.stderr
    assert code != 0, (result.stdout, stderr)
    assert "Traceback" not in stderr and "Traceback" not in result.stdout, stderr
    lowered = stderr.lower()
    for fragment in fragments:
        assert fragment.lower() in lowered, stderr
    return stderr
