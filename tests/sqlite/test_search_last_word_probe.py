"""Multi-word type-ahead whose last word begins no indexed word skips straight to the fuzzy
fallback (backends.sqlite.search.name_ids); the probe must look at every column, so a last
word found only in the notes still reaches the notes query. Real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backends.sqlite import SqliteBackend

PEOPLE = [
    {"name": "Mario Rossi", "company": "Tecnoservizi S.r.l.", "notes": "prefers mornings"},
    {"name": "Oliver Smith", "notes": "call after lunch"},
    {"name": "Giulia Bianchi"},
]


@pytest.fixture
async def loaded(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    async with SqliteBackend(tmp_path / "store.db") as backend:
        filler = [{"name": f"Filler Person{n}"} for n in range(50)]
        await backend.bulk_load("customers", PEOPLE + filler)
        yield backend


@pytest.mark.parametrize(("query", "expected"), [
    ("Oliver Smiht", ["Oliver Smith"]),     # last word mistyped: fuzzy fallback
    ("giulia bianhci", ["Giulia Bianchi"]),
    ("rossi mornings", ["Mario Rossi"]),    # last word only in the notes
    ("oliver lunch", ["Oliver Smith"]),
    ("mario qqqq", []),                     # nothing near: nothing found
    ("giulia bian", ["Giulia Bianchi"]),    # a prefix still works
])
async def test_last_word_probe(loaded: SqliteBackend, query: str,
                               expected: list[str]) -> None:
    assert [c.name for c in await loaded.customers.search_customers(query)][:1] == expected
