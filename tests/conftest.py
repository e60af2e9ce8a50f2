"""Shared fixtures. `backend` runs a test once per backend in tests/backend_factories/."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends import i18n, phones
from backends.protocol import Backend
from tests import backend_factories

BACKEND_NAMES = sorted(m.name for m in pkgutil.iter_modules(backend_factories.__path__))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's config or data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("CENTRALINO_CONFIG", raising=False)
    for name in ("BACKEND", "OPERATOR", "TOKEN", "REGION", "LANGUAGE"):
        monkeypatch.delenv(f"CENTRALINO_{name}", raising=False)
    # English unless a test asks: the language follows the locale, and a test that chose one
    # must not leave the next in it
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.activate("en", None)
    phones.set_default_region("IT")


@pytest.fixture(params=BACKEND_NAMES)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    factory = importlib.import_module(f"tests.backend_factories.{request.param}")
    async with factory.make(tmp_path, request) as opened:
        yield opened


def pytest_configure(config: pytest.Config) -> None:
    """Under xdist the controller shares one RT and one PostgreSQL among its workers
    (tests/shared_servers.py) and stops them at the end."""
    from tests import pg_server, rt_server, shared_servers

    if (config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput")
            and config.getoption("numprocesses", None)):
        config.pluginmanager.register(
            shared_servers.ControllerHooks(config, {"rt": rt_server.stop_json,
                                                    "postgres": pg_server.stop_json}),
            "centralino-shared-servers")
