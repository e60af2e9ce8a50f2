"""`centralino demo --as ROLE`: one registration per role (console/demo_roles.py) opens the
demo as that role; an unknown role is refused with the list of known ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from console import demo_roles, paths
from console.cli import cli

LAUNCHED: list[tuple[dict[str, Any], list[Any]]] = []


def record_launch(flags: dict[str, Any], background: list[Any]) -> None:
    LAUNCHED.append((flags, background))


@pytest.fixture
def tester_role() -> Iterator[None]:
    demo_roles.register(demo_roles.DemoRole("tester", "tess", "a role of this test",
                                            launch=f"{__name__}:record_launch"))
    LAUNCHED.clear()
    try:
        yield
    finally:
        demo_roles._ROLES.pop("tester", None)


def test_an_unknown_role_is_refused_naming_the_known_ones() -> None:
    result = CliRunner().invoke(cli, ["demo", "--as", "astronaut"])
    assert result.exit_code == 2
    assert "'astronaut' is not a demo role" in result.output
    assert "operator" in result.output
    assert "Traceback" not in result.output


def test_help_lists_every_role() -> None:
    result = CliRunner().invoke(cli, ["demo", "--help"])
    assert result.exit_code == 0
    for name in demo_roles.roles():
        assert name in result.output


def test_a_registered_role_is_launched_as_its_login_on_the_demo_database(
        tester_role: None, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--as", "tester", "--customers", "20"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [(flags, background)] = LAUNCHED
    assert flags["operator"] == "tess"
    assert Path(flags["backend"]) == paths.demo_database()
    assert paths.demo_database().exists()  # seeded before the role's console opens
    assert len(background) == 1  # the simulator, which never hands calls to "tess"
