"""console/entry.py stops with a clear message when an unrelated package named `console`,
`screens` or `backends` (PyPI has the first and the last) hides or overwrote one of ours."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from console.entry import OWN_PACKAGES, shadowed_packages

ROOT = Path(__file__).resolve().parent.parent


def run_entry(site: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CENTRALINO_")}
    env["PYTHONPATH"] = str(site)
    code = "from console.entry import main; raise SystemExit(main(['--help']))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=site, env=env, capture_output=True, text=True, timeout=60, check=False)


def copy_of_centralino(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for name in OWN_PACKAGES:
        shutil.copytree(ROOT / name, site / name, ignore=shutil.ignore_patterns("__pycache__"))
    return site


def test_the_checkout_is_all_ours() -> None:
    assert shadowed_packages() == []


def test_a_copy_of_ours_starts(tmp_path: Path) -> None:
    done = run_entry(copy_of_centralino(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Usage: centralino" in done.stdout


def test_an_overwritten_package_stops_the_command_with_the_way_out(tmp_path: Path) -> None:
    site = copy_of_centralino(tmp_path)
    # what `pip install backends` beside us does: its __init__.py replaces ours
    (site / "backends" / "__init__.py").write_text("VERSION = '0.1'  # another project\n")
    done = run_entry(site)
    assert done.returncode == 2
    assert "'backends'" in done.stderr and "another project's package" in done.stderr
    assert "pipx install centralino" in done.stderr
    assert "Traceback" not in done.stderr


def test_packages_from_two_folders_are_refused(tmp_path: Path) -> None:
    site = copy_of_centralino(tmp_path)
    shutil.rmtree(site / "screens")  # screens now comes from the checkout, via the editable install
    done = run_entry(site)
    assert done.returncode == 2
    assert "different folders" in done.stderr
