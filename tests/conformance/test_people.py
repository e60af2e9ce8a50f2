"""Operators, presence and the company directory."""

from __future__ import annotations

import pytest

from backends.errors import Invalid, NotFound
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.protocol import Backend
from tests.conformance.helpers import LONDON


async def test_upsert_get_and_list_operators(backend: Backend) -> None:
    anna = await backend.people.upsert_operator(Operator(name="anna", display_name="Anna Kovács",
                                                         extension="201", role=Role.SUPERVISOR,
                                                         languages=["it", "hu"]))
    assert anna.id is not None
    fetched = await backend.people.get_operator("anna")
    assert fetched == anna
    assert (fetched.display_name, fetched.role, fetched.languages) == (
        "Anna Kovács", Role.SUPERVISOR, ["it", "hu"])
    await backend.people.upsert_operator(Operator(name="bruno"))
    again = await backend.people.upsert_operator(Operator(name="anna", display_name="Anna K.",
                                                          extension="202"))
    assert again.id == anna.id and again.display_name == "Anna K."
    assert sorted(o.name for o in await backend.people.list_operators()) == ["anna", "bruno"]


async def test_missing_operator_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        await backend.people.get_operator("nobody")
    with pytest.raises(NotFound):
        await backend.people.set_presence("nobody", Presence.AVAILABLE)


async def test_presence_and_pause_reason(backend: Backend) -> None:
    await backend.people.upsert_operator(Operator(name="anna"))
    available = await backend.people.set_presence("anna", Presence.AVAILABLE)
    assert available.presence is Presence.AVAILABLE and available.pause_reason is None
    paused = await backend.people.set_presence("anna", Presence.PAUSED, "training")
    assert (paused.presence, paused.pause_reason) == (Presence.PAUSED, "training")
    assert paused.presence_since >= available.presence_since
    assert await backend.people.get_operator("anna") == paused
    back = await backend.people.set_presence("anna", Presence.AVAILABLE)
    assert back.presence is Presence.AVAILABLE and back.pause_reason is None


@pytest.mark.parametrize("reason", [None, "", "   "])
async def test_pause_without_reason_is_invalid(backend: Backend, reason: str | None) -> None:
    before = await backend.people.upsert_operator(
        Operator(name="anna", presence=Presence.AVAILABLE)
    )
    with pytest.raises(Invalid) as info:
        await backend.people.set_presence("anna", Presence.PAUSED, reason)
    assert info.value.field in {"pause_reason", "reason"}
    assert (await backend.people.get_operator("anna")).presence is Presence.AVAILABLE
    assert before.presence is Presence.AVAILABLE


async def test_directory_upsert_filter_and_presence(backend: Backend) -> None:
    billing = await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Fatturazione", kind=DirectoryKind.DEPARTMENT, extension="300",
        notes="Lun–Ven 9–13; invoices and refunds"))
    szabo = await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Szabó Péter", department="Fatturazione", extension="301"))
    london = await backend.people.upsert_directory_entry(DirectoryEntry(
        name="London office", kind=DirectoryKind.EXTERNAL, number="+44 20 7946 0958"))
    assert billing.id and szabo.id and london.id
    assert london.number == LONDON
    assert {e.id for e in await backend.people.list_directory()} == {
        billing.id,
        szabo.id,
        london.id,
    }

    async def ids(query: str) -> set[int]:
        return {e.id for e in await backend.people.list_directory(query)}

    assert await ids("fattur") == {billing.id, szabo.id}  # name and department
    assert await ids("SZAB") == {szabo.id}  # case-insensitive
    assert await ids("301") == {szabo.id}  # extension
    assert await ids("refunds") == {billing.id}  # notes
    assert await ids("[@click=app.quit]") == set()
    assert await ids('"%_*') == set()

    away = await backend.people.set_directory_presence(szabo.id, Presence.OFFLINE)
    assert away.presence is Presence.OFFLINE
    listed = {e.id: e for e in await backend.people.list_directory("Szabó")}
    assert listed[szabo.id].presence is Presence.OFFLINE

    renamed = await backend.people.upsert_directory_entry(
        szabo.model_copy(update={"extension": "309"})
    )
    assert renamed.id == szabo.id and renamed.extension == "309"
    assert len(await backend.people.list_directory()) == 3


async def test_missing_directory_entry_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        await backend.people.set_directory_presence(5555, Presence.AVAILABLE)

