"""Fixtures for the server tests: the session's real uvicorn on 127.0.0.1 with a fresh SQLite
file per test, one operator and token per role, and clients for each."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from backends.http import HttpBackend
from backends.people.models import Role
from tests.backend_factories.http import shared_server
from tests.http.harness import provision

ROLE_NAMES = {role: f"{role.value}1" for role in Role}  # operator → "operator1", …


@dataclass
class Site:
    url: str
    db_path: Path
    tokens: dict[str, str]  # operator name → token

    def token(self, role: Role) -> str:
        return self.tokens[ROLE_NAMES[role]]

    def client(self, role: Role | None = None, **kwargs: object) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {self.token(role)}"} if role else {}
        # verify=False: plain http on loopback; skips loading the CA bundle (slow) per client
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=10.0, verify=False,
                                 **kwargs)  # type: ignore[arg-type]

    def backend(self, role: Role = Role.ADMIN, **kwargs: object) -> HttpBackend:
        return HttpBackend(self.url, token=self.token(role), **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def site_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One provisioned database (an operator and a token per role), copied for each test:
    a fresh file per test without paying migrations and fsyncs each time."""
    db_path = tmp_path_factory.mktemp("template") / "site.db"
    tokens = provision(db_path, {name: role for role, name in ROLE_NAMES.items()})
    return db_path, tokens


@pytest.fixture
def site(tmp_path: Path, request: pytest.FixtureRequest,
         site_template: tuple[Path, dict[str, str]]) -> Iterator[Site]:
    template, tokens = site_template
    db_path = tmp_path / "site.db"
    shutil.copyfile(template, db_path)  # the template is closed and checkpointed: safe to copy
    server = shared_server(request)
    with server.mounted(db_path) as url:
        yield Site(url, db_path, tokens)


@pytest.fixture
async def admin(site: Site) -> AsyncIterator[HttpBackend]:
    backend = site.backend(Role.ADMIN)
    await backend.open()
    yield backend
    await backend.close()


async def gather_bounded(*aws: object, timeout: float = 60.0) -> list[object]:
    """asyncio.gather with an upper bound on time, exceptions returned."""
    return await asyncio.wait_for(asyncio.gather(*aws, return_exceptions=True), timeout)
