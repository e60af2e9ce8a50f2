"""The rt backend authenticated with RT's auth token instead of a password session: the same
conformance suite, without the session cookie (RT checks the token's bcrypt on every request,
cost 4 in tests; RT's CSRF check on cookie-authenticated writes does not apply)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from backends.rt import RtBackend
from tests import rt_server, shared_servers
from tests.backend_factories.rt import open_backend


@asynccontextmanager
async def make(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[RtBackend]:
    server = rt_server.session_server(request)
    with shared_servers.exclusive_use(request.config, "rt"):
        async with open_backend(server, tmp_path / "local.db", with_token=True) as backend:
            assert not backend.client.uses_session
            yield backend
