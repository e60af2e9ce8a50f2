"""What creates a customer and what edits one (pydantic input models, imported when a
customer is created or edited, not at start-up). The customer itself is in
backends/customers/models.py. See docs/ARCHITECTURE.md."""

from __future__ import annotations

from pydantic import Field, field_validator

from backends.checks import (
    MAX_PHONES,
    MAX_TAGS,
    check_email,
    check_language,
    check_phones,
    check_tags,
)
from backends.customers.models import CUSTOMER_CODE_SHAPE, Consent, name_not_blank
from backends.model_base import Model, at_most, none_is_empty, refuse_none


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

    _name = field_validator("name")(classmethod(lambda cls, v: name_not_blank(v)))

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
