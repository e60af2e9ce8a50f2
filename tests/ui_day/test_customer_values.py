"""Issue 15 item 7: the edit form's values become the customer's changes; a language emptied
in the form is not silently kept but goes back to the one the numbers' country gives."""

from __future__ import annotations

from screens.customers.customer_values import changes_from_values

BASE = {"name": "Zsófia Kiss", "phones": "+36 1 234 5678", "email": "", "company": "",
        "language": "en", "tags": "", "marketing": "", "recording": "1", "notes": ""}


def test_an_emptied_language_follows_the_numbers_country() -> None:
    changes = changes_from_values({**BASE, "language": ""}, BASE)
    assert changes.model_dump(exclude_unset=True) == {"language": "hu"}


def test_an_emptied_language_with_numbers_of_no_known_country_is_english() -> None:
    base = {**BASE, "phones": "+1 212 555 0100", "language": "it"}
    changes = changes_from_values({**base, "language": " "}, base)
    assert changes.model_dump(exclude_unset=True) == {"language": "en"}


def test_an_untouched_language_is_not_sent() -> None:
    changes = changes_from_values({**BASE, "company": "Kiss Kft."}, BASE)
    assert changes.model_dump(exclude_unset=True) == {"company": "Kiss Kft."}
