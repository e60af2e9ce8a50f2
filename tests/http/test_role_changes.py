"""A role changed by another process (the CLI, another worker) reaches the running server
through the change feed: a demoted supervisor loses the supervisor's rights without waiting for
the role cache to expire. Real server on 127.0.0.1, real store (SQLite, PostgreSQL), the change
written by a second backend on the same store as `centralino operator add` would."""

from __future__ import annotations

import asyncio

from backends.people.models import Role
from backends.server.provision import add_operator
from tests.http.conftest import Site

TRIES = 100  # x 0.05 s: the feed is polled every 0.05 s by the test server


async def test_a_demotion_by_another_process_applies_through_the_feed(site: Site) -> None:
    body = {"name": "newbie", "role": "operator"}
    async with site.client(Role.SUPERVISOR) as http:
        before = await http.put("/v1/operators/newbie", json=body)  # role now cached
        other = site.other_backend()
        await other.open()
        try:
            await add_operator(other, "supervisor1", Role.OPERATOR)
        finally:
            await other.close()
        statuses = []
        for _ in range(TRIES):
            response = await http.put("/v1/operators/newbie", json=body)
            statuses.append(response.status_code)
            if response.status_code == 403:
                break
            await asyncio.sleep(0.05)
    assert before.status_code == 200
    assert statuses[-1] == 403, statuses
    assert "operator role" in response.json()["message"]
