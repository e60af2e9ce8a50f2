"""Packaging: the wheel carries data/ as console/data/, and paths.data_root() finds it both from
the checkout and from an unpacked wheel run in a clean directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_FILES = ("people.json", "phone_plans.json", "texts.json", "directory.json")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    wheels = list(out.glob("centralino-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CENTRALINO_")}
    env.update(extra)
    return env


def test_wheel_contains_the_demo_data_under_console_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in DEMO_FILES:
        assert f"console/data/demo/{name}" in names, sorted(names)[:20]
    assert "console/cli_db.py" in names
    assert not any(name.startswith("data/") for name in names)


def test_data_root_from_the_checkout() -> None:
    from console import paths

    assert paths.data_root() == ROOT / "data"
    for name in DEMO_FILES:
        assert (paths.data_root() / "demo" / name).is_file()


def test_data_root_and_demo_pools_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import console, console.paths as p, console.demo_pools as d\n"
            "print(console.__file__)\nprint(p.data_root())\n"
            "print(len(d.load_pools().countries))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True,
                            text=True, timeout=120, check=False,
                            env=clean_env(PYTHONPATH=str(unpacked)))
    assert result.returncode == 0, result.stderr
    module_file, root, countries = result.stdout.split()
    assert Path(module_file).is_relative_to(unpacked)
    assert Path(root) == unpacked / "console" / "data"
    assert countries == "4"


def test_centralino_help_lists_the_commands(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("centralino")
    command = [str(script)] if script.exists() else [
        sys.executable, "-c", "from console.cli import main; main()"]
    result = subprocess.run([*command, "--help"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, check=False, env=clean_env())
    assert result.returncode == 0, result.stderr
    for word in ("Usage:", "db", "config", "--backend"):
        assert word in result.stdout
    sub = subprocess.run([*command, "db", "--help"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120, check=False, env=clean_env())
    assert sub.returncode == 0, sub.stderr
    for word in ("init", "seed", "check", "import", "export", "backup"):
        assert word in sub.stdout


def test_the_wheel_speaks_the_four_languages(wheel: Path, tmp_path: Path) -> None:
    """Issue 16: the compiled catalogs travel in the wheel (console/data/locale) and are found
    from an unpacked wheel run outside the checkout."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in ("en", "it", "hu", "ro"):
        assert f"console/data/locale/{language}/LC_MESSAGES/centralino.mo" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import console; print(console.__file__)\n"
            "from console.entry import main; main(['--help'])\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True,
                            text=True, timeout=120, check=False,
                            env=clean_env(PYTHONPATH=str(unpacked), CENTRALINO_LANGUAGE="hu",
                                          CENTRALINO_CONFIG=str(tmp_path / "none.toml")))
    assert result.returncode == 0, result.stderr
    module_file, _, shown = result.stdout.partition("\n")
    assert Path(module_file).is_relative_to(unpacked)
    assert "Parancs nélkül a beállított háttérrendszeren nyitja meg a konzolt." in shown
