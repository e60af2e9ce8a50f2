"""`make test` (the README's test command, and CI's: .ci/run) installs the real services the
tests start before it runs them: Request Tracker and PostgreSQL (docs/ARCHITECTURE.md, Tests).
A fresh machine without one of them must get it installed, not a failing or skipped run."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _test_recipe() -> list[str]:
    """The commands `make test` runs, in order, as make itself reads the Makefile."""
    done = subprocess.run(["make", "-n", "test"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def test_make_test_installs_rt_and_postgresql_before_the_tests() -> None:
    recipe = _test_recipe()
    pytest_at = next(i for i, line in enumerate(recipe) if "-m pytest" in line)
    for script in (".ci/install-rt.sh", ".ci/install-pg.sh"):
        at = next((i for i, line in enumerate(recipe) if line == f"bash {script}"), None)
        assert at is not None and at < pytest_at, (script, recipe)
        assert (ROOT / script).is_file()
