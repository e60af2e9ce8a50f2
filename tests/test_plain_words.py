"""Issue 15 item 9: one translation layer from pydantic's errors to field-named plain messages
(backends/plain_words.py), used by every Invalid built from a model's validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backends.customers.inputs import CustomerDraft
from backends.errors import Invalid, invalid_from_validation
from backends.tickets.inputs import TicketDraft


def _invalid(model: type, **fields: object) -> Invalid:
    with pytest.raises(ValidationError) as info:
        model(**fields)
    return invalid_from_validation(info.value)


def test_too_long_is_said_plainly_with_the_field_s_label() -> None:
    invalid = _invalid(CustomerDraft, name="Maria", company="x" * 201)
    assert invalid.field == "company"
    assert invalid.message == "Company: at most 200 characters"


def test_empty_required_text() -> None:
    assert _invalid(CustomerDraft, name="").message == "Name: cannot be empty"
    assert _invalid(TicketDraft, subject="").message.startswith("Subject: ")


def test_position_in_a_list_counts_from_one() -> None:
    assert Invalid("phones.1", "is not a phone number").message == (
        "Phone 2: is not a phone number")


@pytest.mark.parametrize("fields", [
    {"name": "M", "company": "x" * 201}, {"name": ""}, {"name": "M", "email": "not an email"},
    {"name": "M", "language": "english"}, {"name": "M", "tags": ["t"] * 500},
    {"name": "M", "consent": {"marketing": "perhaps"}}, {"name": 5},
])
def test_no_pydantic_wording_reaches_a_person(fields: dict[str, object]) -> None:
    message = _invalid(CustomerDraft, **fields).message
    for pydantic_words in ("String should", "Input should", "Value error", "List should",
                           "type=", "pydantic"):
        assert pydantic_words not in message, message
    assert message[0].isupper(), message
