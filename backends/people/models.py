"""The people domain's vocabulary: operators and their presence, the company directory, and
call outcomes (dispositions), all records (backends/record.py): an operator, an entry or an
outcome given to a service is checked there (bounds) and here (`__post_init__`). See
docs/ARCHITECTURE.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime  # pydantic reads the annotations at run time
from enum import StrEnum
from typing import Annotated

from annotated_types import MaxLen, MinLen

from backends.checks import MAX_LANGUAGES, check_email, check_language, check_phones, utcnow
from backends.record import Record, checked


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


LOGIN = re.compile(r"^[A-Za-z0-9._-]+$")


def _languages(values: list[str]) -> list[str]:
    if len(values) > MAX_LANGUAGES:
        from backends.i18n import _

        raise ValueError(_("holds {count} items; at most {limit} are allowed").format(
            count=len(values), limit=MAX_LANGUAGES))
    return [check_language(value) for value in values]


def _login(value: str) -> str:
    if not LOGIN.match(value):
        raise ValueError("may hold only letters, digits, dot, dash and underscore")
    return value


@dataclass(kw_only=True)
class Operator(Record):
    id: int | None = None
    name: Annotated[str, MinLen(1), MaxLen(40)]  # login name, unique
    display_name: Annotated[str, MaxLen(120)] = ""
    extension: Annotated[str, MaxLen(20)] | None = None
    role: Role = Role.OPERATOR
    languages: list[str] = field(default_factory=lambda: ["en"])
    presence: Presence = Presence.OFFLINE
    # a pause's reason, or the note of an away or do-not-disturb presence
    pause_reason: Annotated[str, MaxLen(80)] | None = None
    presence_since: datetime = field(default_factory=utcnow)
    back_at: datetime | None = None  # when away or DND ends (UTC)
    version: int = 1

    def __post_init__(self) -> None:
        self.name = checked("name", _login, self.name)
        self.languages = checked("languages", _languages, self.languages)
        if self.presence is Presence.PAUSED and not (self.pause_reason or "").strip():
            from backends.errors import Invalid

            raise Invalid("pause_reason", "a pause needs a reason (break, training, back "
                                          "office, …)")


@dataclass(kw_only=True)
class DirectoryEntry(Record):
    id: int | None = None
    name: Annotated[str, MinLen(1), MaxLen(120)]
    kind: DirectoryKind = DirectoryKind.PERSON
    department: Annotated[str, MaxLen(120)] | None = None
    extension: Annotated[str, MaxLen(20)] | None = None
    number: str | None = None  # E.164, for outside numbers
    presence: Presence = Presence.AVAILABLE
    presence_note: Annotated[str, MaxLen(80)] | None = None  # an away or DND presence's note
    back_at: datetime | None = None  # when away or DND ends (UTC)
    notes: Annotated[str, MaxLen(2000)] = ""  # opening hours, what they handle
    # opening hours, e.g. 'mon-fri 09:00-13:00 14:00-18:00; sat 09:00-12:00'; empty: always open
    hours: Annotated[str, MaxLen(200)] = ""
    # country (ISO 3166, e.g. IT, or IT-BZ with a subdivision) whose public holidays close it
    holidays: Annotated[str, MaxLen(10)] | None = None
    timezone: Annotated[str, MaxLen(60)] | None = None  # IANA zone of the hours; UTC unset
    email: Annotated[str, MaxLen(254)] | None = None  # where messages taken for it are mailed
    version: int = 1

    def __post_init__(self) -> None:
        from backends.people.hours import check_country, check_zone, parse_hours

        self.email = checked("email", check_email, self.email)
        # the rule's parser names the mistake
        checked("hours", parse_hours, self.hours)
        self.hours = self.hours.strip()
        self.holidays = checked("holidays", check_country, self.holidays)
        self.timezone = checked("timezone", check_zone, self.timezone)
        if self.number in (None, ""):
            self.number = None
        else:
            self.number = checked("number", check_phones, [self.number])[0]


@dataclass(kw_only=True)
class Disposition(Record):
    code: Annotated[str, MinLen(1), MaxLen(30)]
    label: Annotated[str, MinLen(1), MaxLen(120)]
    needs_callback: bool = False
    active: bool = True
