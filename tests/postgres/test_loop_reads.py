"""The server's token reads on PostgreSQL never block its event loop: a token not in the
cache, the event hub's generation check at each tick and a stream's confirmation of its
token run on the server's async pool (backends/server/pg_state.py), while a revocation
through another server still applies from the very next answer. On the run's real
PostgreSQL; the blocking reads are made to fail, so any use of them shows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import psycopg
import pytest

from backends.postgres import PostgresBackend
from backends.server import pg_state
from backends.server.context import ServerConfig, ServerContext
from backends.server.policy import Unauthenticated
from tests import pg_server


@pytest.fixture
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[PostgresBackend]:
    async with pg_server.opened_backend(request) as opened:
        yield opened


def generation(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(pg_state.GENERATION).fetchone()
        assert row is not None
        return int(row[0])


async def test_token_reads_run_on_the_async_pool_and_see_other_servers(
        backend: PostgresBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = ServerContext(backend, ServerConfig(auth_db=None))
    other = pg_state.PgTokenStore(backend.url)  # another server's
    try:
        _id, token = other.issue("op1", service_role="supervisor")

        def blocking(*_args: object, **_kw: object) -> None:
            raise AssertionError("a blocking query on the event loop")

        with monkeypatch.context() as patched:
            for name in ("current_generation", "lookup", "_run"):  # this server's only
                patched.setattr(ctx.tokens, name, blocking)
            who = await ctx.identify(token)  # not in this server's cache: a miss
            assert who.operator == "op1"
            assert await ctx.identify(token) == who  # cached, generation checked
            await ctx.hub.start()
            assert ctx.hub.auth_generation == generation(backend.url)
            standing = await ctx.confirm(token, who)
            assert standing is not None and standing.generation == ctx.hub.auth_generation
            # through the other server: refused in the very next answer
            await asyncio.to_thread(other.revoke, "op1")
            with pytest.raises(Unauthenticated):
                await ctx.identify(token)
            assert await ctx.confirm(token, who) is None
    finally:
        other.close()
        await ctx.stop()
