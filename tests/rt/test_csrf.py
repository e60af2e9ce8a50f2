"""RT's cross-site request forgery check on REST 2.0 writes made with a session cookie
(Debian's request-tracker5 5.0.3+dfsg-3~deb12u7, CVE-2026-108277): the client states RT's own
base URL as the referrer, learns it from RT when a reverse proxy puts RT elsewhere, and turns a
refusal it cannot get past into advice naming RT's settings. All against real RTs: the run's
shared one and, for $RestrictLoginReferrer, a second one started by this module."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest

from backends.errors import Forbidden
from backends.rt.client import RtClient
from tests import rt_server
from tests.rt.tcp_proxy import forwarding_to


def _port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@asynccontextmanager
async def session_client(url: str, rt: rt_server.RtServer) -> AsyncIterator[RtClient]:
    client = RtClient(url, user=rt.user, password=rt.password, timeout=30.0)
    await client.open()
    try:
        yield client
    finally:
        await client.close()


async def create_queue(client: RtClient) -> str:
    created = await client.post_json("/queue", {"Name": f"csrf-{uuid.uuid4().hex[:10]}"})
    return str(created["id"])


async def test_session_writes_pass_and_rt_refuses_them_without_the_referrer(
        rt: rt_server.RtServer) -> None:
    async with session_client(rt.url, rt) as client:
        assert client.rt_version and client.rt_version.startswith("5.")
        assert await create_queue(client)
        # the RT under test really has the check: the same write without the header is refused
        client.send_referer = False
        with pytest.raises(Forbidden) as refused:
            await create_queue(client)
    message = refused.value.message
    assert "forgery" in message and "@ReferrerWhitelist" in message
    assert f"127.0.0.1:{_port_of(rt.url)}" in message and "--token" in message


async def test_token_writes_carry_no_referrer(rt: rt_server.RtServer) -> None:
    client = RtClient(rt.url, token=rt.token, timeout=30.0)
    await client.open()
    try:
        assert not client.uses_session and client.rt_version
        assert client._headers("POST", None) is None
        assert await create_queue(client)
    finally:
        await client.close()


async def test_behind_a_proxy_the_client_learns_rts_own_address(rt: rt_server.RtServer) -> None:
    async with forwarding_to("127.0.0.1", _port_of(rt.url)) as port:
        proxied = f"http://127.0.0.1:{port}"
        async with session_client(proxied, rt) as client:
            assert client.referer_base == proxied
            first, second = await asyncio.gather(create_queue(client), create_queue(client))
            assert first != second
            # learnt from the `_url` links RT writes from its $WebBaseURL
            assert client.referer_base == rt.url
            assert await create_queue(client)


@pytest.fixture(scope="module")
def strict_rt(request: pytest.FixtureRequest) -> Iterator[rt_server.RtServer]:
    """A second RT that also checks where a login came from ($RestrictLoginReferrer)."""
    with rt_server.own_server(request, "rt-state-strict",
                              extra_config="Set($RestrictLoginReferrer, 1);") as server:
        yield server


async def test_login_names_rts_login_page_as_its_referrer(strict_rt: rt_server.RtServer) -> None:
    async with session_client(strict_rt.url, strict_rt) as client:
        assert await create_queue(client)


async def test_a_refused_login_behind_a_proxy_says_what_to_configure(
        strict_rt: rt_server.RtServer) -> None:
    async with forwarding_to("127.0.0.1", _port_of(strict_rt.url)) as port:
        client = RtClient(f"http://127.0.0.1:{port}", user=strict_rt.user,
                          password=strict_rt.password, timeout=30.0)
        try:
            with pytest.raises(Forbidden) as refused:
                await client.open()
        finally:
            await client.close()
    message = refused.value.message
    assert "$RestrictLoginReferrer" in message and "$WebBaseURL" in message
    assert f"127.0.0.1:{port}" in message
