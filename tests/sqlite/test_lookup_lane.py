"""Type-ahead and caller-ID lookups run on one thread of their own (one warm connection and
page cache), never on the reader pool, so a slow read cannot hold a keystroke's lookup back."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from backends.models import CustomerDraft
from backends.sqlite import SqliteBackend, search


async def test_lookups_share_one_thread_apart_from_the_reader_pool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = search.search_customers

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "search_customers", recording)
    async with SqliteBackend(tmp_path / "lane.db") as backend:
        await backend.create_customer(CustomerDraft(name="Anna Rossi", phones=["+390612345678"]))
        release = threading.Event()

        def slow_read(conn: object) -> None:
            release.wait(5)

        # every reader thread busy with a slow read: lookups must still be answered
        blockers = [asyncio.ensure_future(backend._store.read(slow_read)) for _ in range(3)]
        try:
            found = await asyncio.wait_for(asyncio.gather(
                *(backend.search_customers("Ros") for _ in range(6)),
                backend.find_customers_by_phone("06 1234 5678")), timeout=5)
        finally:
            release.set()
            await asyncio.gather(*blockers)
    assert all(result and result[0].name == "Anna Rossi" for result in found)
    assert len(set(seen)) == 1 and seen[0].startswith("sqlite-lookup")
