"""Fixtures of the RT-specific tests: the run's real RT, an opened RtBackend in a queue and
customer scope of its own, and a second RT user ("agent") who changes things behind its back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from backends.rt import RtBackend
from tests import rt_server, shared_servers
from tests.backend_factories.rt import open_backend


@pytest.fixture(autouse=True)
def _rt_to_ourselves(request: pytest.FixtureRequest) -> Iterator[None]:
    """Under xdist, one worker at a time works in the shared RT (tests/shared_servers.py)."""
    with shared_servers.exclusive_use(request.config, "rt"):
        yield


@pytest.fixture
def rt(request: pytest.FixtureRequest) -> rt_server.RtServer:
    return rt_server.session_server(request)


@pytest.fixture
async def rt_backend(rt: rt_server.RtServer, tmp_path: Path) -> AsyncIterator[RtBackend]:
    async with open_backend(rt, tmp_path / "local.db") as backend:
        yield backend


@pytest.fixture
async def agent(rt: rt_server.RtServer) -> AsyncIterator[httpx.AsyncClient]:
    """Somebody else working in RT directly through REST 2.0 (basic auth as user 'agent')."""
    async with httpx.AsyncClient(base_url=rt.url + "/REST/2.0", timeout=30,
                                 auth=(rt.agent_user, rt.agent_password)) as client:
        yield client
