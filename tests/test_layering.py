"""Layering: console → screens → backends, never back; backends import no textual or httpx.

Import checks run in fresh interpreters so modules other tests loaded cannot hide a leak.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def modules_after_import(module: str) -> set[str]:
    code = (f"import json, sys\nimport {module}\n"
            "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def top_level(names: set[str]) -> set[str]:
    return {name.split(".", 1)[0] for name in names}


def test_import_backends_pulls_no_textual_no_httpx() -> None:
    loaded = top_level(modules_after_import("backends"))
    assert "backends" in loaded  # the check itself works
    assert {"textual", "rich", "httpx", "screens", "console"}.isdisjoint(loaded)


def test_import_backends_sqlite_pulls_no_httpx_no_textual() -> None:
    loaded = top_level(modules_after_import("backends.sqlite"))
    assert "sqlite3" in loaded
    assert {"textual", "rich", "httpx", "screens", "console"}.isdisjoint(loaded)


def test_sqlite_is_loaded_by_name_through_the_registry() -> None:
    code = ("import json, sys\nfrom backends.registry import backend_class\n"
            "cls = backend_class('sqlite')\n"
            "print(json.dumps([cls.name, sorted(sys.modules)]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    name, modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert name == "sqlite"
    assert "httpx" not in top_level(set(modules))


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".", 1)[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".", 1)[0])
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value.split(".", 1)[0])
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("backends", {"screens", "console", "textual"}), ("screens", {"console"})],
)
def test_no_import_goes_up_a_layer(package: str, forbidden: set[str]) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = imported_top_levels(path) & forbidden
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert offenders == []


def test_static_check_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os.path\nfrom console.app import X\n"
                      "def f():\n    import screens.main\n"
                      "importlib.import_module('textual.app')\nfrom . import sibling\n",
                      encoding="utf-8")
    assert imported_top_levels(sample) == {"os", "console", "screens", "textual"}
