"""Access ends at once when a token is revoked or expires, or its operator's role changes:
for the very next request, and for event streams already open (which end, delivering nothing
more). The changes are made as `centralino operator …` makes them, from another connection on
the same store (the SQLite file, or the PostgreSQL database); the server is our real one on
127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from backends.people.models import Role
from backends.server import authdb
from backends.server.provision import add_operator
from tests.http.conftest import ROLE_NAMES, Site, mount_site

END_WITHIN = 2.0  # seconds from the change to the stream's end
SECRET = "Zenobia Quarantotto"  # a customer name that must not reach an ended stream


def _revoke(site: Site, name: str) -> None:
    with site.token_store() as store:
        store.revoke(name)


async def _set_role(site: Site, name: str, role: Role) -> None:
    other = site.other_backend()  # another process's view of the store, as the CLI has
    await other.open()
    try:
        await add_operator(other, name, role)
    finally:
        await other.close()


@contextlib.asynccontextmanager
async def _stream(site: Site, role: Role) -> AsyncIterator[httpx.Response]:
    async with site.client(role) as http, http.stream(
            "GET", "/v1/events", headers={"Accept": "text/event-stream"}) as response:
        assert response.status_code == 200
        yield response


async def _read_until_end(chunks: AsyncIterator[bytes], into: bytearray,
                          within: float) -> bool:
    """True when the server ended the stream within `within` seconds."""
    try:
        async with asyncio.timeout(within):
            async for chunk in chunks:
                into += chunk
    except TimeoutError:
        return False
    return True


async def _ends_after(site: Site, role: Role, change: Callable[[], object]) -> tuple[bool, bytes]:
    """Open a stream, make `change`, then write a customer: did the stream end, and what
    did it carry after the change?"""
    received = bytearray()
    async with _stream(site, role) as response, site.client(Role.ADMIN) as admin:
        chunks = response.aiter_bytes()
        head = await anext(chunks)  # the retry: frame: the stream is open
        assert b"retry:" in head
        result = change()
        if asyncio.iscoroutine(result):
            await result
        created = await admin.post("/v1/customers", json={"name": SECRET})
        assert created.status_code == 201
        ended = await _read_until_end(chunks, received, END_WITHIN)
    return ended, bytes(received)


async def test_a_revoked_tokens_open_stream_ends_and_carries_nothing_more(site: Site) -> None:
    ended, after = await _ends_after(site, Role.OPERATOR, lambda: asyncio.to_thread(
        _revoke, site, ROLE_NAMES[Role.OPERATOR]))
    assert ended, f"the stream was still open {END_WITHIN} s after the revocation"
    assert SECRET.encode() not in after
    async with site.client(Role.OPERATOR) as http:  # and it cannot come back
        again = await http.get("/v1/events", headers={"Accept": "text/event-stream"})
    assert again.status_code == 401


async def test_a_demoted_operators_open_stream_ends(site: Site) -> None:
    ended, after = await _ends_after(site, Role.SUPERVISOR, lambda: _set_role(
        site, ROLE_NAMES[Role.SUPERVISOR], Role.OPERATOR))
    assert ended, f"the stream was still open {END_WITHIN} s after the demotion"
    assert SECRET.encode() not in after


async def test_an_open_stream_ends_when_its_token_expires(site: Site) -> None:
    name = ROLE_NAMES[Role.RECEPTIONIST]
    expires = datetime.now(UTC) + timedelta(seconds=1.5)
    await asyncio.to_thread(site.sql, "UPDATE server_tokens SET expires_at = ? WHERE operator = ?",
                            [expires.isoformat(), name])
    received = bytearray()
    async with _stream(site, Role.RECEPTIONIST) as response:
        ended = await _read_until_end(response.aiter_bytes(), received, 1.5 + END_WITHIN)
    assert ended, f"the stream was still open {END_WITHIN} s after its token expired"


@pytest.fixture
def slow_feed_site(tmp_path: Path, request: pytest.FixtureRequest,
                   site_store: str) -> Iterator[Site]:
    """A site whose change feed is read only every 5 s, so nothing but the token check
    itself can tell the server about a role change before the next request."""
    yield from mount_site(request, site_store, tmp_path, poll_interval=5.0)


async def test_a_demotion_applies_to_the_very_next_request(slow_feed_site: Site) -> None:
    site = slow_feed_site
    body = {"name": "newbie", "role": "operator"}
    async with site.client(Role.SUPERVISOR) as http:
        assert (await http.put("/v1/operators/newbie", json=body)).status_code == 200
        assert (await http.put("/v1/operators/newbie", json=body)).status_code == 200  # cached
        await _set_role(site, ROLE_NAMES[Role.SUPERVISOR], Role.OPERATOR)
        after = await http.put("/v1/operators/newbie", json=body)
        await _set_role(site, ROLE_NAMES[Role.SUPERVISOR], Role.SUPERVISOR)
        promoted = await http.put("/v1/operators/newbie", json=body)
    assert after.status_code == 403, after.text
    assert "operator role" in after.json()["message"]
    assert promoted.status_code == 200, promoted.text  # a promotion applies at once too


async def test_profile_and_presence_edits_leave_the_token_generation_alone(site: Site) -> None:
    with site.token_store() as store:
        before = store.current_generation()
        async with site.client(Role.OPERATOR) as http:
            name = ROLE_NAMES[Role.OPERATOR]
            moved = await http.put(f"/v1/operators/{name}/presence",
                                   json={"presence": "available"})
            assert moved.status_code == 200, moved.text
        assert store.current_generation() == before


@pytest.mark.sqlite_only("SQLite's role triggers in its file (authdb.watch_operator_roles); "
                         "pg_state.prepare makes PostgreSQL's again on every server start")
def test_the_role_triggers_come_back_after_the_operators_table_lost_them(site: Site) -> None:
    conn = authdb.connect(site.db_path)
    try:
        conn.execute("DROP TRIGGER server_operators_role_au")
        authdb.watch_operator_roles(conn)
        names = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'operators'")}
    finally:
        conn.close()
    assert {"server_operators_role_au", "server_operators_role_ai",
            "server_operators_role_ad"} <= names
