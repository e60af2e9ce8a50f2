"""The customers domain's vocabulary: a customer, what creates one and what edits one.
See docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import Field, field_validator

from backends.model_base import (
    MAX_PHONES,
    MAX_TAGS,
    Model,
    at_most,
    check_email,
    check_language,
    check_phones,
    check_tags,
    none_is_empty,
    refuse_none,
    utcnow,
)

CUSTOMER_CODE_SHAPE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,19}$")


class Consent(Model):
    marketing: bool = False
    recording: bool = False


class CustomerBase(Model):
    name: str = Field(min_length=1, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    phones: list[str] = Field(default_factory=list, description="E.164")
    email: str | None = None
    language: str = "en"
    tags: list[str] = Field(default_factory=list)
    consent: Consent = Field(default_factory=Consent)
    notes: str = Field(default="", max_length=20000)

    _email = field_validator("email")(classmethod(lambda cls, v: check_email(v)))
    _language = field_validator("language")(classmethod(lambda cls, v: check_language(v)))
    _tags = field_validator("tags")(classmethod(lambda cls, v: check_tags(v)))
    _phones = field_validator("phones")(classmethod(lambda cls, v: check_phones(v)))

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value

    @property
    def is_vip(self) -> bool:
        return any(tag.upper() == "VIP" for tag in self.tags)


class CustomerDraft(CustomerBase):
    """A new customer. `code` is assigned by the backend when left out."""

    code: str | None = Field(default=None, max_length=40)

    # bounds on the request only: stored customers are read back as `Customer`, unbounded
    _tags_bound = field_validator("tags", mode="before")(at_most(MAX_TAGS))
    _phones_bound = field_validator("phones", mode="before")(at_most(MAX_PHONES))

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        value = value.upper()
        if not CUSTOMER_CODE_SHAPE.match(value):
            raise ValueError(f"'{value}' is not a customer code (3–20 letters, digits or dashes)")
        return value


class Customer(CustomerBase):
    id: int
    code: str
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class CustomerChanges(Model):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    phones: list[str] | None = None
    email: str | None = None
    language: str | None = None
    tags: list[str] | None = None
    consent: Consent | None = None
    notes: str | None = Field(default=None, max_length=20000)

    _email = field_validator("email")(classmethod(lambda cls, v: check_email(v)))
    _language = field_validator("language")(
        classmethod(lambda cls, v: None if v is None else check_language(v)))
    _tags = field_validator("tags")(classmethod(lambda cls, v: None if v is None else
                                                check_tags(v)))
    _phones = field_validator("phones")(classmethod(lambda cls, v: None if v is None else
                                                    check_phones(v)))
    _tags_bound = field_validator("tags", mode="before")(at_most(MAX_TAGS))
    _phones_bound = field_validator("phones", mode="before")(at_most(MAX_PHONES))
    _required = field_validator("name", "language")(classmethod(lambda cls, v: refuse_none(v)))
    _cleared_lists = field_validator("phones", "tags")(none_is_empty(list))
    _cleared_notes = field_validator("notes")(none_is_empty(str))
    _cleared_consent = field_validator("consent")(none_is_empty(Consent))
