"""Checks and bounds that records and input models share, without pydantic (records are read
at start-up, where pydantic is not loaded: backends/record.py). backends/model_base.py
re-exports them for the input models. See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from backends import phones

EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LANGUAGE_SHAPE = re.compile(r"^[a-z]{2}$")

# Bounds on what one request may carry (docs/ARCHITECTURE.md). A list's length is checked
# before any of its items is looked at, and duplicates are found with dicts, so a body within
# the server's size limit is validated in well under a millisecond: 100,000 tags once held a
# server worker (and every request queued behind it) for 99 s.
MAX_TAGS = 50  # tags of one customer or ticket
TAG_MAX_LENGTH = 40
MAX_PHONES = 20  # phone numbers of one customer (each parsed by phonenumbers: ~20 us)
MAX_LANGUAGES = 20  # languages one operator speaks
MAX_LINKED_TICKETS = 100  # tickets linked to one call in one edit


def utcnow() -> datetime:
    return datetime.now(UTC)


def check_email(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > 254 or not EMAIL_SHAPE.match(value):
        raise ValueError(f"'{value}' is not an email address (expected name@domain.tld)")
    return value.lower()


def check_language(value: str) -> str:
    value = value.lower()
    if not LANGUAGE_SHAPE.match(value):
        raise ValueError(f"'{value}' is not a two-letter language code such as it, hu, ro, en")
    return value


def check_tags(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}  # a dict: linear, and it keeps the first-seen order
    for tag in values:
        tag = tag.strip()
        if not tag:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValueError(f"tag '{tag[:TAG_MAX_LENGTH]}…' is longer than "
                             f"{TAG_MAX_LENGTH} characters")
        seen[tag] = None
    return list(seen)


def check_e164_list(values: list[str]) -> list[str]:
    """Stored phones must already be E.164; drafts normalise with a region first."""
    return list(dict.fromkeys(phones.normalize(raw) for raw in values))


def phone_error_to_value_error(func: Any) -> Any:
    def wrapper(values: list[str]) -> list[str]:
        from backends.errors import Invalid

        try:
            return func(values)
        except Invalid as exc:
            raise ValueError(exc.reason) from None

    return wrapper


check_phones = phone_error_to_value_error(check_e164_list)
