"""Issue 15 item 7, on every backend: every field the 360 view edits (name, phones, email,
company, language, tags, both consents, notes) is stored in one versioned update, and a new
customer's language follows their number's country unless one is given."""

from __future__ import annotations

import pytest

from backends.customers.inputs import CustomerChanges
from backends.customers.models import Consent
from backends.errors import Conflict
from backends.protocol import Backend
from tests.conformance.helpers import BUCHAREST, BUDAPEST, LONDON, ROME, customer


async def test_every_field_of_the_360_view_is_edited_at_once(backend: Backend) -> None:
    created = await customer(backend, "Maria Rosi", phones=[ROME])
    changed = await backend.customers.update_customer(created.id, created.version, CustomerChanges(
        name="Maria Rossi", phones=[ROME, "+36 1 234 5678"], email="maria@example.it",
        company="Rossi Srl", language="hu", tags=["VIP", "reseller"],
        consent=Consent(marketing=True, recording=True), notes="Calls back after 14:00."))
    again = await backend.customers.get_customer(created.id)
    assert again == changed
    assert again.version > created.version
    assert (again.name, again.email, again.company, again.language) == (
        "Maria Rossi", "maria@example.it", "Rossi Srl", "hu")
    assert again.phones == [ROME, BUDAPEST]
    assert again.tags == ["VIP", "reseller"]
    assert again.consent == Consent(marketing=True, recording=True)
    assert again.notes == "Calls back after 14:00."
    withdrawn = await backend.customers.update_customer(
        again.id, again.version, CustomerChanges(consent=Consent(), tags=[]))
    assert withdrawn.consent == Consent() and withdrawn.tags == []
    with pytest.raises(Conflict) as info:  # the version the form was opened with is stale
        await backend.customers.update_customer(created.id, created.version,
                                                CustomerChanges(name="Lost"))
    assert info.value.current is not None and info.value.current.name == "Maria Rossi"


@pytest.mark.parametrize(("number", "language"), [
    (ROME, "it"), (BUDAPEST, "hu"), (BUCHAREST, "ro"), (LONDON, "en"), ("+33 1 42 68 53 00", "en"),
])
async def test_a_new_customer_speaks_their_number_s_language(backend: Backend, number: str,
                                                            language: str) -> None:
    created = await customer(backend, "New Caller", phones=[number])
    assert created.language == language
    assert (await backend.customers.get_customer(created.id)).language == language


async def test_a_language_given_wins_and_no_number_is_english(backend: Backend) -> None:
    assert (await customer(backend, "Given", phones=[BUDAPEST], language="it")).language == "it"
    assert (await customer(backend, "No Number", email="x@example.com")).language == "en"
