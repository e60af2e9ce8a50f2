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


def modules_after_import(module: str, then: str = "") -> set[str]:
    code = (f"import json, sys\nimport {module}\n{then}\n"
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


def test_a_built_sqlite_backend_loads_no_server_no_client() -> None:
    """Its domain services are imported by path (backends/domain_registry.py) when it is built:
    only the SQLite parts."""
    loaded = modules_after_import("backends.sqlite",
                                  "backends.sqlite.SqliteBackend(':memory:')")
    assert "backends.sqlite.calls_storage" in loaded  # the check itself works
    assert {"textual", "httpx", "fastapi", "screens", "console"}.isdisjoint(top_level(loaded))
    assert not {m for m in loaded if m.startswith(("backends.server", "backends.http"))}


UNUSED_AT_THE_DESK = ("training", "campaigns", "surveys", "scripts", "appointments", "parking",
                      "messages")


def test_opening_a_database_loads_no_domain_nobody_used(tmp_path: Path) -> None:
    """Opening a database applies every domain's tables (its `<domain>_migrations.py`), but the
    services are built on first use (backends/lazy_services.py): the domains nobody used are
    not imported (their models, rules and storage cost the console's start-up)."""
    path = tmp_path / "open.db"
    loaded = modules_after_import("asyncio", "\n".join([
        "from backends.sqlite import SqliteBackend",
        "async def go():",
        f"    async with SqliteBackend({str(path)!r}) as store:",
        "        await store.calls.list_calls()",
        "asyncio.run(go())"]))
    assert "backends.sqlite.training_migrations" in loaded  # the tables were checked
    used = {m for m in loaded for d in UNUSED_AT_THE_DESK
            if m.startswith((f"backends.{d}", f"backends.sqlite.{d}_storage"))}
    assert not used


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


# -- inside backends/ (docs/ARCHITECTURE.md, "Import rules") -----------------------------------
DOMAINS = ("customers", "tickets", "calls", "people", "transfers", "feed")
# what one domain package may import of another: its interface, its vocabulary (records and
# input models), and the steps it lends to another domain's transaction (the calls domain's
# presence rule, to transfers)
DOMAIN_FACES = ("api", "models", "inputs", "steps")


def imported_modules(path: Path) -> set[str]:
    """Full dotted names of what `path` imports (for `from a.b import c`: a.b and a.b.c)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def backends_files(*parts: str) -> list[Path]:
    return sorted((ROOT / "backends" / Path(*parts)).rglob("*.py"))


def test_storage_never_imports_the_server_or_the_client() -> None:
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(bad)}"
                 for path in backends_files("sqlite")
                 if (bad := {m for m in imported_modules(path)
                             if m.startswith(("backends.server", "backends.http"))})]
    assert offenders == []


def foreign_domain_imports(path: Path, own: str) -> set[str]:
    bad = set()
    for module in imported_modules(path):
        parts = module.split(".")
        if len(parts) < 2 or parts[0] != "backends" or parts[1] not in DOMAINS:
            continue
        if parts[1] != own and (len(parts) < 3 or parts[2] not in DOMAIN_FACES):
            bad.add(module)
    return bad


@pytest.mark.parametrize("domain", DOMAINS)
def test_domains_import_each_other_only_through_interface_and_models(domain: str) -> None:
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(bad)}"
                 for path in backends_files(domain)
                 if (bad := foreign_domain_imports(path, domain))]
    assert offenders == []


# the records and what reads them at start-up: pydantic (~9 MB, ~50 ms) loads only with an
# input model (<domain>/inputs.py), the HTTP client or the server (backends/record.py)
WITHOUT_PYDANTIC = ("backends/record.py", "backends/record_check.py", "backends/checks.py",
                    "backends/trusted.py", "backends/revalidation.py")


def imported_at_load(path: Path) -> set[str]:
    """What importing `path` imports: its module-level imports, not those of its functions
    (made when first called) nor those under `if TYPE_CHECKING:`."""
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
            elif isinstance(node, ast.If):
                if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body)
    return found


def test_records_and_their_checks_import_no_pydantic() -> None:
    files = [*(ROOT / name for name in WITHOUT_PYDANTIC),
             *sorted((ROOT / "backends").glob("*/models.py"))]
    assert len(files) > len(WITHOUT_PYDANTIC) + 10  # every domain's models.py was found
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(bad)}" for path in files
                 if (bad := {m for m in imported_at_load(path)
                             if m.split(".")[0] in ("pydantic", "pydantic_core")})]
    assert offenders == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_domain_rules_and_services_know_no_store_nor_remote(domain: str) -> None:
    """A new store implements the storage Protocols only: the domain packages never import a
    store, the server or a client."""
    stores = ("backends.sqlite", "backends.rt", "backends.server", "backends.http")
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(bad)}"
                 for path in backends_files(domain)
                 if (bad := {m for m in imported_modules(path) if m.startswith(stores)})]
    assert offenders == []


def test_the_layering_checks_see_what_they_look_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from backends.calls.service import claim_in\n"
                      "from backends.calls.models import Call\nimport backends.http.client\n",
                      encoding="utf-8")
    assert foreign_domain_imports(sample, "tickets") == {
        "backends.calls.service", "backends.calls.service.claim_in"}
    assert "backends.http.client" in imported_modules(sample)


def test_rt_has_no_import_circle_with_its_backend() -> None:
    """The parts of the rt backend never import the backend that composes them."""
    offenders = [str(path.relative_to(ROOT)) for path in backends_files("rt")
                 if path.name not in ("backend.py", "__init__.py")
                 and "backends.rt.backend" in imported_modules(path)]
    assert offenders == []


# private names reached on something other than self or cls, each within its own package
PRIVATE_REACH_ALLOWED = {
    ("backends/rt/customers.py", "mapping._CODE"),  # rt's own mapping module
}


def test_no_package_reaches_into_another_packages_private_names() -> None:
    offenders = []
    for path in backends_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(("backends/server/", "backends/http/")):
            continue  # the remote side's own check
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                package = node.module.rsplit(".", 1)[0]
                mine = relative.rsplit("/", 1)[0].replace("/", ".")
                offenders += [f"{relative}: from {node.module} import {a.name}"
                              for a in node.names
                              if a.name.startswith("_") and a.name != "_"  # gettext
                              and package != mine]
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")):
                continue
            if node.attr.endswith("_") or (isinstance(node.value, ast.Name)
                                           and node.value.id in ("self", "cls")):
                continue  # dunder and enum sunder names; an object's own attributes
            if (relative, ast.unparse(node)) not in PRIVATE_REACH_ALLOWED:
                offenders.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == []


def test_the_postgresql_store_does_not_import_the_sqlite_store() -> None:
    """Both stores share the text side of search through backends/search_text.py; only
    `db copy` (backends/postgres/copy.py), which reads a SQLite file, touches the other."""
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(bad)}"
                 for path in backends_files("postgres") if path.name != "copy.py"
                 if (bad := {m for m in imported_modules(path)
                             if m.startswith("backends.sqlite")})]
    assert offenders == []
