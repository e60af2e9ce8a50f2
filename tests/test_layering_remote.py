"""Layering of the remote side: the server never imports the client, the client never imports
the server, and both share only the wire contract (backends/wire), which imports neither.

The rules are in docs/ARCHITECTURE.md. Each file's imports are read from its source (so an
import inside a function counts too), and the server is also imported in a fresh interpreter,
where modules other tests loaded cannot hide a leak.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every absolute module a file imports, spelled in full (`from a import b` gives `a` and
    `a.b`, since b may be a module), plus `importlib.import_module("...")` with a literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.add("." * node.level + (node.module or ""))  # relative: refused below
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def offenders(package_dir: str, forbidden: set[str]) -> list[str]:
    found = []
    for path in sorted((ROOT / package_dir).rglob("*.py")):
        bad = sorted(m for m in imported_modules(path)
                     if m.startswith(".") or any(within(m, f) for f in forbidden))
        if bad:
            found.append(f"{path.relative_to(ROOT)} imports {bad}")
    return found


@pytest.mark.parametrize(("package_dir", "forbidden"), [
    ("backends/server", {"backends.http", "httpx"}),
    ("backends/http", {"backends.server", "fastapi", "starlette", "uvicorn"}),
    ("backends/wire", {"backends.server", "backends.http", "backends.sqlite", "backends.rt",
                       "httpx", "fastapi", "starlette"}),
])
def test_no_file_imports_across_the_wire(package_dir: str, forbidden: set[str]) -> None:
    assert (ROOT / package_dir).is_dir()
    assert offenders(package_dir, forbidden) == []


def test_the_static_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "sample.py").write_text(
        "import backends.http.client\nfrom backends import http\n"
        "def f():\n    from backends.http.transport import Transport\n"
        "importlib.import_module('backends.http')\nfrom . import sibling\n", encoding="utf-8")
    modules = imported_modules(tmp_path / "pkg" / "sample.py")
    assert {"backends.http.client", "backends.http", "backends.http.transport",
            "."} <= modules


def loaded_after_import(module: str, then: str = "") -> list[str]:
    """Modules loaded by importing `module` and running the statement `then` (parts named in
    backends/domain_registry.py are imported when a backend or the app is built)."""
    code = (f"import json, sys\nimport {module}\n{then}\n"
            "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_the_server_app_loads_no_client_module() -> None:
    loaded = loaded_after_import("backends.server.app", "backends.server.app.build_app(1024)")
    assert "backends.server.routes_calls" in loaded  # the check itself works
    assert "backends.wire.core" in loaded
    assert [m for m in loaded if within(m, "backends.http") or within(m, "httpx")] == []


def test_the_client_loads_no_server_module() -> None:
    # every domain's client built (each is made on first use: backends/lazy_services.py)
    loaded = loaded_after_import("backends.http.client", "\n".join([
        "from backends.domain_registry import DomainKey, registered",
        "client = backends.http.client.HttpBackend('http://127.0.0.1:9')",
        "for parts in registered(): client.domain(DomainKey(parts.name))"]))
    assert "backends.http.calls" in loaded  # the check itself works
    assert "httpx" in loaded
    assert [m for m in loaded if within(m, "backends.server") or within(m, "fastapi")] == []
