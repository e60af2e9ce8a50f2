"""The rt backend against the run's real Request Tracker (tests/rt_server.py), composed with a
fresh local SQLite store per test. RT is shared by every test of the run, so each backend
gets its own RT queue (tickets) and customer scope (users): a test sees only its own records.
Afterwards its customers give up their email address and code, which RT keeps unique."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from backends.rt import RtBackend
from backends.rt.client import RtClient
from backends.rt.customers import SCOPE_CF
from tests import rt_server, shared_servers


async def release_unique_keys(server: rt_server.RtServer, scope: str) -> None:
    """With a client of its own: the test may have closed its backend already."""
    client = RtClient(server.url, user=server.user, password=server.password, timeout=30.0)
    await client.open()
    try:
        users = await client.collection(
            "/users", body=[{"field": f"CF.{{{SCOPE_CF}}}", "value": scope}], limit=1000,
            fields="id")
        for user in users:
            await client.put_json(f"/user/{int(user['id'])}", {
                "EmailAddress": "", "Name": f"retired-{uuid.uuid4().hex[:12]}"})
    finally:
        await client.close()


@asynccontextmanager
async def open_backend(server: rt_server.RtServer, local_store: Path, *,
                       with_token: bool = False, **options: object) -> AsyncIterator[RtBackend]:
    """`with_token`: RT's auth token instead of a password session (no session cookie, so
    none of RT's CSRF checks on cookie-authenticated writes apply)."""
    label = f"t-{uuid.uuid4().hex[:12]}"
    settings: dict[str, object] = {"local_store": local_store, "queue": label, "scope": label,
                                   "poll_seconds": 0.5, "timeout": 30.0, **options}
    if with_token:
        settings["token"] = server.token
    else:
        settings.update(user=server.user, password=server.password)
    backend = RtBackend(server.url, **settings)  # type: ignore[arg-type]
    await backend.open()
    try:
        await backend.client.post_json("/queue", {"Name": label})
        yield backend
    finally:
        try:
            await release_unique_keys(server, label)
        finally:
            await backend.close()


@asynccontextmanager
async def make(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[RtBackend]:
    server = rt_server.session_server(request)
    with shared_servers.exclusive_use(request.config, "rt"):
        async with open_backend(server, tmp_path / "local.db") as backend:
            yield backend
