"""The directory filter folds case for every alphabet our users write, not only ASCII."""

from __future__ import annotations

import pytest

from backends.people.models import DirectoryEntry
from backends.protocol import Backend


@pytest.mark.parametrize(
    ("name", "query"),
    [("Szabó Péter", "SZABÓ"), ("Ștefănescu Ana", "ȘTEFĂNESCU"), ("Éva Kovács", "éva"),
     ("Niccolò Rossi", "NICCOLÒ")],
)
async def test_directory_filter_ignores_case_beyond_ascii(backend: Backend, name: str,
                                                         query: str) -> None:
    """Hungarian and Romanian names: case folding must not stop at ASCII."""
    entry = await backend.people.upsert_directory_entry(DirectoryEntry(name=name))
    assert [e.id for e in await backend.people.list_directory(query)] == [entry.id]
