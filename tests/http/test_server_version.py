"""A console meeting a server older than its API refuses at once, naming both versions, instead of
telling the operator "no call is waiting" when the server answers 404 to the one-request answer.

The current server is real (on loopback through its ASGI app); the older one cannot run here (no
older release is installed), so it is an httpx.MockTransport answering /v1/meta as a version-1
server did: that stand-in is the only fake in this file.
"""

from __future__ import annotations

import httpx
import pytest

from backends.errors import Invalid
from backends.http import HttpBackend
from backends.people.models import Role
from backends.wire.meta import API_VERSION, MIN_SERVER_API
from tests.http.conftest import Site


def _old_server(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/v1/meta":  # exactly what a version-1 server sent
        return httpx.Response(200, json={"api": 1, "backend": "sqlite", "capabilities": [],
                                         "operator": "anna", "role": "operator"})
    return httpx.Response(404, json={"code": "not_found", "message": "not found",
                                     "field": None})


async def test_an_older_server_is_refused_naming_both_versions() -> None:
    backend = HttpBackend("http://anna:hunter2@old.example:8765", token="t",
                          transport=httpx.MockTransport(_old_server))
    try:
        with pytest.raises(Invalid) as refused:
            await backend.open()
    finally:
        await backend.close()
    assert refused.value.field == "backend"
    message = refused.value.message
    assert "version 1" in message and str(MIN_SERVER_API) in message
    assert "hunter2" not in message


async def test_the_server_states_its_version_and_the_console_opens(site: Site) -> None:
    async with site.client(Role.OPERATOR) as client:
        answer = await client.get("/v1/meta")
    assert answer.status_code == 200 and answer.json()["api"] == API_VERSION >= MIN_SERVER_API
    backend = site.backend(Role.OPERATOR)
    try:
        await backend.open()  # the current server is accepted
        assert backend.meta is not None and backend.meta.api == API_VERSION
    finally:
        await backend.close()
