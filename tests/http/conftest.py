"""Fixtures for the server tests: the session's real uvicorn on 127.0.0.1 serving, for each
test, a fresh store with one operator and token per role, and clients for each. Every test
that uses `site` runs on both stores (tests/http/sites.py): `[sqlite]`, a copy of a provisioned
SQLite file, and `[postgres]`, a copy of a provisioned database of the run's real PostgreSQL
(tokens and idempotency records in that database, as `centralino serve` keeps them there).
A test marked `sqlite_only("why")` runs on SQLite alone."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from backends.http import HttpBackend
from backends.people.models import Role
from tests import pg_server
from tests.backend_factories.http import shared_server
from tests.http.harness import Target, provision
from tests.http.pg_clones import Clones
from tests.http.sites import ROLE_NAMES, STORES, Site

__all__ = ["ROLE_NAMES", "Site", "gather_bounded"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each test using a site (through any fixture) once per store, or on SQLite alone when
    marked sqlite_only, which must say why."""
    if "site_store" not in metafunc.fixturenames:
        return
    only = metafunc.definition.get_closest_marker("sqlite_only")
    if only is not None and not (only.args and isinstance(only.args[0], str) and only.args[0]):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs its reason")
    metafunc.parametrize("site_store", ["sqlite"] if only else list(STORES), indirect=True)


@pytest.fixture
def site_store(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def site_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One provisioned database (an operator and a token per role), copied for each test:
    a fresh file per test without paying migrations and fsyncs each time."""
    db_path = tmp_path_factory.mktemp("template") / "site.db"
    tokens = provision(db_path, {name: role for role, name in ROLE_NAMES.items()})
    return db_path, tokens


@pytest.fixture(scope="session")
def pg_site_template(request: pytest.FixtureRequest) -> Iterator[tuple[Clones, dict[str, str]]]:
    """The same on PostgreSQL: a migrated database (itself a copy of the run's migrated
    template) provisioned once, then cloned per test with CREATE DATABASE … TEMPLATE, one
    clone made ahead (tests/http/pg_clones.py)."""
    server = pg_server.session_server(request)
    url = pg_server.create_migrated_database(server)
    tokens = provision(url, {name: role for role, name in ROLE_NAMES.items()})
    clones = Clones(server, url)
    yield clones, tokens
    clones.close()


def fresh_store(request: pytest.FixtureRequest, store: str, tmp_path: Path
                ) -> tuple[Target, dict[str, str]]:
    """A fresh copy of the store's provisioned template (PostgreSQL's dropped at the end)."""
    if store == "sqlite":
        template, tokens = request.getfixturevalue("site_template")
        db_path = tmp_path / "site.db"
        shutil.copyfile(template, db_path)  # the template is closed and checkpointed: safe
        return db_path, tokens
    clones, tokens = request.getfixturevalue("pg_site_template")
    url = clones.take()
    request.addfinalizer(lambda: clones.give_back(url))
    return url, tokens


def mount_site(request: pytest.FixtureRequest, store: str, tmp_path: Path,
               poll_interval: float = 0.05) -> Iterator[Site]:
    target, tokens = fresh_store(request, store, tmp_path)
    with shared_server(request).mounted(target, poll_interval=poll_interval) as url:
        yield Site(url, target, tokens)


@pytest.fixture
def site(tmp_path: Path, request: pytest.FixtureRequest, site_store: str) -> Iterator[Site]:
    yield from mount_site(request, site_store, tmp_path)


@pytest.fixture
async def admin(site: Site) -> AsyncIterator[HttpBackend]:
    backend = site.backend(Role.ADMIN)
    await backend.open()
    yield backend
    await backend.close()


async def gather_bounded(*aws: object, timeout: float = 60.0) -> list[object]:
    """asyncio.gather with an upper bound on time, exceptions returned."""
    return await asyncio.wait_for(asyncio.gather(*aws, return_exceptions=True), timeout)
