"""The people domain's vocabulary: operators and their presence, the company directory, and
call outcomes (dispositions). See docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from backends.model_base import (
    MAX_LANGUAGES,
    Model,
    at_most,
    check_email,
    check_language,
    check_phones,
    utcnow,
)


class Role(StrEnum):
    OPERATOR = "operator"
    RECEPTIONIST = "receptionist"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"
    ADMIN = "admin"
    # a program's role, for service tokens only (`centralino operator token NAME --service
    # mailer`): the one that may claim messages to e-mail them over HTTP (console/cli_mailer.py)
    MAILER = "mailer"


PERSON_ROLES = tuple(role for role in Role if role is not Role.MAILER)  # an operator's roles


class Presence(StrEnum):
    AVAILABLE = "available"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    PAUSED = "paused"
    OFFLINE = "offline"
    AWAY = "away"  # out for a while, with a note ("back at 14:00") and a return time
    DND = "dnd"  # do not disturb: nobody is put through


class DirectoryKind(StrEnum):
    PERSON = "person"
    DEPARTMENT = "department"
    QUEUE = "queue"
    EXTERNAL = "external"


class Operator(Model):
    id: int | None = None
    name: str = Field(min_length=1, max_length=40, description="login name, unique")
    display_name: str = Field(default="", max_length=120)
    extension: str | None = Field(default=None, max_length=20)
    role: Role = Role.OPERATOR
    languages: list[str] = Field(default_factory=lambda: ["en"])
    presence: Presence = Presence.OFFLINE
    pause_reason: str | None = Field(
        default=None, max_length=80,
        description="a pause's reason, or the note of an away or do-not-disturb presence")
    presence_since: datetime = Field(default_factory=utcnow)
    back_at: datetime | None = Field(default=None, description="when away or DND ends (UTC)")
    version: int = 1

    _langs = field_validator("languages")(classmethod(lambda cls, v: [check_language(x)
                                                                     for x in v]))
    _langs_bound = field_validator("languages", mode="before")(at_most(MAX_LANGUAGES))

    @field_validator("name")
    @classmethod
    def _name_is_login(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9._-]+$", value):
            raise ValueError("may hold only letters, digits, dot, dash and underscore")
        return value

    @model_validator(mode="after")
    def _pause_needs_reason(self) -> Self:
        if self.presence is Presence.PAUSED and not self.pause_reason:
            # raised as a ValidationError located at pause_reason, so Invalid names the field
            error = PydanticCustomError(
                "value_error", "a pause needs a reason (break, training, back office, …)")
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [InitErrorDetails(type=error, loc=("pause_reason",), input=self.pause_reason)])
        return self


class DirectoryEntry(Model):
    id: int | None = None
    name: str = Field(min_length=1, max_length=120)
    kind: DirectoryKind = DirectoryKind.PERSON
    department: str | None = Field(default=None, max_length=120)
    extension: str | None = Field(default=None, max_length=20)
    number: str | None = Field(default=None, description="E.164, for outside numbers")
    presence: Presence = Presence.AVAILABLE
    presence_note: str | None = Field(default=None, max_length=80,
                                      description="the note of an away or DND presence")
    back_at: datetime | None = Field(default=None, description="when away or DND ends (UTC)")
    notes: str = Field(default="", max_length=2000, description="opening hours, what they handle")
    hours: str = Field(default="", max_length=200, description=(
        "opening hours, e.g. 'mon-fri 09:00-13:00 14:00-18:00; sat 09:00-12:00'; empty: "
        "always open"))
    holidays: str | None = Field(default=None, max_length=10, description=(
        "country (ISO 3166, e.g. IT, or IT-BZ with a subdivision) whose public holidays close "
        "this entry"))
    timezone: str | None = Field(default=None, max_length=60,
                                 description="IANA zone of the hours; UTC when unset")
    email: str | None = Field(default=None, max_length=254,
                              description="where messages taken for this entry are mailed")
    version: int = 1

    _email = field_validator("email")(classmethod(lambda cls, v: check_email(v)))

    @field_validator("hours")
    @classmethod
    def _hours_parse(cls, value: str) -> str:
        from backends.people.hours import parse_hours  # the rule's parser names the mistake

        parse_hours(value)
        return value.strip()

    @field_validator("holidays")
    @classmethod
    def _holidays_known(cls, value: str | None) -> str | None:
        from backends.people.hours import check_country

        return check_country(value)

    @field_validator("timezone")
    @classmethod
    def _zone_known(cls, value: str | None) -> str | None:
        from backends.people.hours import check_zone

        return check_zone(value)

    @field_validator("number")
    @classmethod
    def _number_e164(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        return check_phones([value])[0]


class Disposition(Model):
    code: str = Field(min_length=1, max_length=30)
    label: str = Field(min_length=1, max_length=120)
    needs_callback: bool = False
    active: bool = True
