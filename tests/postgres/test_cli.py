"""The command line on PostgreSQL: `db init`, `operator add/token/list/revoke` and `serve`
(a real child process, two workers) on a postgresql:// backend; the token the CLI issues is
the one the server knows, and its revocation ends it there."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from console.cli import cli
from tests import pg_server
from tests.postgres.serve import PgServeProcess


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--backend", url, *args], catch_exceptions=False)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    server = pg_server.session_server(request)
    url = pg_server.create_database(server)
    try:
        yield url
    finally:
        pg_server.drop_database(server, url)


async def test_operators_tokens_and_serve_on_postgresql(database: str, tmp_path: Path) -> None:
    for args in (("db", "init"), ("operator", "add", "anna", "--role", "operator")):
        done = await asyncio.to_thread(run, database, *args)
        assert done.exit_code == 0, done.stderr
    issued = await asyncio.to_thread(run, database, "operator", "token", "anna")
    assert issued.exit_code == 0, issued.stderr
    token = issued.stdout.strip()
    listed = await asyncio.to_thread(run, database, "operator", "list")
    assert "anna" in listed.stdout and "1 live token" in listed.stdout
    server = await asyncio.to_thread(PgServeProcess(database, tmp_path, "cli", workers=2).start)
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            headers = {"Authorization": f"Bearer {token}"}
            me = await http.get("/v1/operators/anna", headers=headers)
            assert me.status_code == 200, me.text
            revoked = await asyncio.to_thread(run, database, "operator", "revoke", "anna")
            assert revoked.exit_code == 0, revoked.stderr
            for _ in range(4):  # whichever worker answers
                assert (await http.get("/v1/operators/anna", headers=headers)
                        ).status_code == 401
    finally:
        await asyncio.to_thread(server.stop)
