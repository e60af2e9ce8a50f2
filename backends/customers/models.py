"""The customers domain's vocabulary: a customer and its consents, records
(backends/record.py). What creates or edits one is in backends/customers/inputs.py. See
docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from typing import Annotated

from annotated_types import MaxLen, MinLen

from backends.checks import check_email, check_language, check_phones, check_tags, utcnow
from backends.record import Record, checked

CUSTOMER_CODE_SHAPE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,19}$")


@dataclass(kw_only=True)
class Consent(Record):
    marketing: bool = False
    recording: bool = False


def name_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


@dataclass(kw_only=True)
class Customer(Record):
    """A stored customer. Read back unbounded: the bounds on tags and phones are the
    request's (backends/customers/inputs.py)."""

    name: Annotated[str, MinLen(1), MaxLen(200)]
    company: Annotated[str, MaxLen(200)] | None = None
    phones: list[str] = field(default_factory=list)  # E.164
    email: str | None = None
    language: str = "en"
    tags: list[str] = field(default_factory=list)
    consent: Consent = field(default_factory=Consent)
    notes: Annotated[str, MaxLen(20000)] = ""
    id: int
    code: str
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    version: int = 1

    def __post_init__(self) -> None:
        self.email = checked("email", check_email, self.email)
        self.language = checked("language", check_language, self.language)
        self.tags = checked("tags", check_tags, self.tags)
        self.phones = checked("phones", check_phones, self.phones)
        checked("name", name_not_blank, self.name)

    @property
    def is_vip(self) -> bool:
        return any(tag.upper() == "VIP" for tag in self.tags)
