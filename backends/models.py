"""The vocabulary of the operator's work: pydantic v2 models shared by every backend and screen.

Stored records (`Customer`, `Ticket`, …) carry an `id` and a `version`; inputs that create a
record are `…Draft`; partial edits are `…Changes` (only the fields set are applied).
Validation messages are written for a person: they say what is wrong, not a type name.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from backends import phones

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LANG = re.compile(r"^[a-z]{2}$")
_CUSTOMER_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,19}$")

# Bounds on what one request may carry (DESIGN.md, "Security rules"). A list's length is
# checked before any of its items is looked at, and duplicates are found with dicts, so a
# body within the server's size limit is validated in well under a millisecond: 100,000 tags
# once held a server worker (and every request queued behind it) for 99 s.
MAX_TAGS = 50  # tags of one customer or ticket
TAG_MAX_LENGTH = 40
MAX_PHONES = 20  # phone numbers of one customer (each parsed by phonenumbers: ~20 us)
MAX_LANGUAGES = 20  # languages one operator speaks
MAX_LINKED_TICKETS = 100  # tickets linked to one call in one edit


def utcnow() -> datetime:
    return datetime.now(UTC)


class Model(BaseModel):
    # defer_build: schemas are built on first use, which keeps the console's start-up short
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True,
                              defer_build=True)


# ---------------------------------------------------------------------------------- enums
class Role(StrEnum):
    OPERATOR = "operator"
    RECEPTIONIST = "receptionist"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"
    ADMIN = "admin"


class Presence(StrEnum):
    AVAILABLE = "available"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    PAUSED = "paused"
    OFFLINE = "offline"


class DirectoryKind(StrEnum):
    PERSON = "person"
    DEPARTMENT = "department"
    QUEUE = "queue"
    EXTERNAL = "external"


class Channel(StrEnum):
    VOICE = "voice"
    EMAIL = "email"
    CHAT = "chat"
    SMS = "sms"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallState(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    WRAP_UP = "wrap_up"
    DONE = "done"
    ABANDONED = "abandoned"
    TRANSFERRED = "transferred"


# Which state may follow which. A backend refuses anything else with Conflict.
CALL_TRANSITIONS: dict[CallState, frozenset[CallState]] = {
    CallState.WAITING: frozenset(
        {CallState.OFFERED, CallState.ACTIVE, CallState.ABANDONED, CallState.TRANSFERRED}
    ),
    CallState.OFFERED: frozenset(
        {CallState.ACTIVE, CallState.WAITING, CallState.ABANDONED, CallState.TRANSFERRED}
    ),
    CallState.ACTIVE: frozenset(
        {CallState.ON_HOLD, CallState.WRAP_UP, CallState.TRANSFERRED, CallState.WAITING}
    ),
    CallState.ON_HOLD: frozenset(
        {CallState.ACTIVE, CallState.WRAP_UP, CallState.TRANSFERRED, CallState.WAITING,
         CallState.ABANDONED}
    ),
    CallState.WRAP_UP: frozenset({CallState.DONE}),
    CallState.DONE: frozenset(),
    CallState.ABANDONED: frozenset(),
    CallState.TRANSFERRED: frozenset(),
}
OPEN_CALL_STATES = frozenset(
    {CallState.WAITING, CallState.OFFERED, CallState.ACTIVE, CallState.ON_HOLD, CallState.WRAP_UP}
)


class TicketCategory(StrEnum):
    INFORMATION = "information"
    TECHNICAL = "technical"
    ADMINISTRATIVE = "administrative"
    COMPLAINT = "complaint"
    ORDER = "order"
    REFUND = "refund"
    OTHER = "other"


class TicketPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"


OPEN_TICKET_STATUSES = frozenset({TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING})


class EntryKind(StrEnum):
    NOTE = "note"
    REPLY = "reply"
    CALL_LOG = "call_log"
    SYSTEM = "system"


class TransferKind(StrEnum):
    BLIND = "blind"
    WARM = "warm"
    QUEUE = "queue"
    ESCALATION = "escalation"


class TransferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TIMED_OUT = "timed_out"


# ---------------------------------------------------------------------------------- helpers
def _check_email(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an email address (expected name@domain.tld)")
    return value.lower()


def _check_language(value: str) -> str:
    value = value.lower()
    if not _LANG.match(value):
        raise ValueError(f"'{value}' is not a two-letter language code such as it, hu, ro, en")
    return value


def _check_tags(values: list[str]) -> list[str]:
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


def _check_e164_list(values: list[str]) -> list[str]:
    """Stored phones must already be E.164; drafts normalise with a region first."""
    return list(dict.fromkeys(phones.normalize(raw) for raw in values))


def _at_most(limit: int) -> Any:
    """A before-validator refusing a list of more than `limit` items, before any item is
    validated (pydantic's own max_length counts after validating every item)."""

    def check(cls: Any, value: Any) -> Any:
        if isinstance(value, list | tuple | set | frozenset | dict) and len(value) > limit:
            from backends.i18n import _

            raise ValueError(_("holds {count} items; at most {limit} are allowed").format(
                count=len(value), limit=limit))
        return value

    return classmethod(check)


def _phone_error_to_value_error(func: Any) -> Any:
    def wrapper(values: list[str]) -> list[str]:
        from backends.errors import Invalid

        try:
            return func(values)
        except Invalid as exc:
            raise ValueError(exc.reason) from None

    return wrapper


_phones_validator = _phone_error_to_value_error(_check_e164_list)


def _refuse_none(value: Any) -> Any:
    """For a `…Changes` field the record cannot lack: an explicit None is an error, not a no-op
    (it used to bump the version and change nothing). Unset fields are never validated."""
    if value is None:
        from backends.i18n import _

        raise ValueError(_("cannot be empty"))
    return value


def _none_is_empty(empty: Any) -> Any:
    """For a `…Changes` field that may be empty: an explicit None clears it to `empty()`."""
    return classmethod(lambda cls, v: empty() if v is None else v)


# ---------------------------------------------------------------------------------- people
class Operator(Model):
    id: int | None = None
    name: str = Field(min_length=1, max_length=40, description="login name, unique")
    display_name: str = Field(default="", max_length=120)
    extension: str | None = Field(default=None, max_length=20)
    role: Role = Role.OPERATOR
    languages: list[str] = Field(default_factory=lambda: ["en"])
    presence: Presence = Presence.OFFLINE
    pause_reason: str | None = Field(default=None, max_length=80)
    presence_since: datetime = Field(default_factory=utcnow)
    version: int = 1

    _langs = field_validator("languages")(classmethod(lambda cls, v: [_check_language(x)
                                                                     for x in v]))
    _langs_bound = field_validator("languages", mode="before")(_at_most(MAX_LANGUAGES))

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
    notes: str = Field(default="", max_length=2000, description="opening hours, what they handle")
    version: int = 1

    @field_validator("number")
    @classmethod
    def _number_e164(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        return _phones_validator([value])[0]


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

    _email = field_validator("email")(classmethod(lambda cls, v: _check_email(v)))
    _language = field_validator("language")(classmethod(lambda cls, v: _check_language(v)))
    _tags = field_validator("tags")(classmethod(lambda cls, v: _check_tags(v)))
    _phones = field_validator("phones")(classmethod(lambda cls, v: _phones_validator(v)))

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
    _tags_bound = field_validator("tags", mode="before")(_at_most(MAX_TAGS))
    _phones_bound = field_validator("phones", mode="before")(_at_most(MAX_PHONES))

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        value = value.upper()
        if not _CUSTOMER_CODE.match(value):
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

    _email = field_validator("email")(classmethod(lambda cls, v: _check_email(v)))
    _language = field_validator("language")(
        classmethod(lambda cls, v: None if v is None else _check_language(v)))
    _tags = field_validator("tags")(classmethod(lambda cls, v: None if v is None else
                                                _check_tags(v)))
    _phones = field_validator("phones")(classmethod(lambda cls, v: None if v is None else
                                                    _phones_validator(v)))
    _tags_bound = field_validator("tags", mode="before")(_at_most(MAX_TAGS))
    _phones_bound = field_validator("phones", mode="before")(_at_most(MAX_PHONES))
    _required = field_validator("name", "language")(classmethod(lambda cls, v: _refuse_none(v)))
    _cleared_lists = field_validator("phones", "tags")(_none_is_empty(list))
    _cleared_notes = field_validator("notes")(_none_is_empty(str))
    _cleared_consent = field_validator("consent")(_none_is_empty(Consent))


# ---------------------------------------------------------------------------------- calls
class CallDraft(Model):
    channel: Channel = Channel.VOICE
    direction: Direction = Direction.INBOUND
    caller: str = Field(min_length=1, max_length=254,
                        description="E.164 for voice and sms; address or handle otherwise")
    customer_id: int | None = None
    queue: str = Field(default="general", min_length=1, max_length=60)
    priority: int = Field(default=0, ge=0, le=9, description="0 normal … 9 most urgent")
    vip: bool = False
    notes: str = Field(default="", max_length=20000)
    arrived_at: datetime | None = None
    operator: str | None = Field(default=None, min_length=1, max_length=40,
                                 description="outbound only: who dials; the call is theirs")


class Call(Model):
    id: int
    channel: Channel = Channel.VOICE
    direction: Direction = Direction.INBOUND
    caller: str
    customer_id: int | None = None
    queue: str = "general"
    priority: int = Field(default=0, ge=0, le=9)
    vip: bool = False
    state: CallState = CallState.WAITING
    arrived_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    operator: str | None = None
    disposition: str | None = None
    notes: str = ""
    handover_note: str | None = None
    ticket_ids: list[int] = Field(default_factory=list)
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CALL_STATES


class CallChanges(Model):
    customer_id: int | None = None
    queue: str | None = Field(default=None, min_length=1, max_length=60)
    priority: int | None = Field(default=None, ge=0, le=9)
    notes: str | None = Field(default=None, max_length=20000)
    disposition: str | None = Field(default=None, max_length=30)
    ticket_ids: list[int] | None = None

    _ticket_ids_bound = field_validator("ticket_ids", mode="before")(
        _at_most(MAX_LINKED_TICKETS))

    _required = field_validator("queue", "priority")(classmethod(lambda cls, v: _refuse_none(v)))
    _cleared_notes = field_validator("notes")(_none_is_empty(str))


class Disposition(Model):
    code: str = Field(min_length=1, max_length=30)
    label: str = Field(min_length=1, max_length=120)
    needs_callback: bool = False
    active: bool = True


# ---------------------------------------------------------------------------------- tickets
def ticket_ref(ticket_id: int) -> str:
    return f"T-{ticket_id:06d}"


def parse_ticket_ref(text: str) -> int | None:
    match = re.match(r"^\s*(?:T-?)?0*(\d{1,12})\s*$", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


class TicketBase(Model):
    subject: str = Field(min_length=1, max_length=300)
    category: TicketCategory = TicketCategory.INFORMATION
    priority: TicketPriority = TicketPriority.NORMAL
    status: TicketStatus = TicketStatus.NEW
    tier: int = Field(default=1, ge=1, le=3, description="escalation tier 1–3")
    assignee: str | None = Field(default=None, max_length=40)
    due_at: datetime | None = None
    tags: list[str] = Field(default_factory=list)

    _tags = field_validator("tags")(classmethod(lambda cls, v: _check_tags(v)))

    @field_validator("subject")
    @classmethod
    def _subject_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value


class TicketDraft(TicketBase):
    customer_id: int | None = None
    call_id: int | None = Field(default=None, description="the call it was opened from")
    body: str = Field(default="", max_length=100000, description="first note")
    author: str | None = Field(default=None, max_length=40)

    _tags_bound = field_validator("tags", mode="before")(_at_most(MAX_TAGS))


class Ticket(TicketBase):
    id: int
    customer_id: int | None = None
    call_ids: list[int] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1

    @property
    def ref(self) -> str:
        return ticket_ref(self.id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TICKET_STATUSES


class TicketChanges(Model):
    subject: str | None = Field(default=None, min_length=1, max_length=300)
    category: TicketCategory | None = None
    priority: TicketPriority | None = None
    status: TicketStatus | None = None
    tier: int | None = Field(default=None, ge=1, le=3)
    assignee: str | None = Field(default=None, max_length=40)
    due_at: datetime | None = None
    tags: list[str] | None = None
    customer_id: int | None = None

    _tags = field_validator("tags")(classmethod(lambda cls, v: None if v is None else
                                                _check_tags(v)))
    _tags_bound = field_validator("tags", mode="before")(_at_most(MAX_TAGS))
    _required = field_validator("subject", "category", "priority", "status", "tier")(
        classmethod(lambda cls, v: _refuse_none(v)))
    _cleared_tags = field_validator("tags")(_none_is_empty(list))


class TicketEntryDraft(Model):
    kind: EntryKind = EntryKind.NOTE
    author: str | None = Field(default=None, max_length=40)
    body: str = Field(min_length=1, max_length=100000)


class TicketEntry(TicketEntryDraft):
    id: int
    ticket_id: int
    created_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------------------------- transfers
class TransferDraft(Model):
    call_id: int
    from_operator: str = Field(min_length=1, max_length=40)
    target: str = Field(min_length=1, max_length=120,
                        description="operator login, directory entry name or queue name")
    kind: TransferKind = TransferKind.BLIND
    note: str = Field(default="", max_length=4000, description="handover note")
    ticket_id: int | None = None


class Transfer(TransferDraft):
    id: int
    status: TransferStatus = TransferStatus.OFFERED
    created_at: datetime = Field(default_factory=utcnow)
    responded_at: datetime | None = None
    responded_by: str | None = None
    version: int = 1


# ---------------------------------------------------------------------------------- events
class Event(Model):
    """One entry of the change feed. Ids increase by one with no gap, store-wide."""

    id: int
    kind: str = Field(description="e.g. call.created, call.claimed, ticket.updated")
    subject: str = Field(description="what changed: 'call:12', 'ticket:7', 'customer:3'")
    at: datetime = Field(default_factory=utcnow)
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def subject_type(self) -> str:
        return self.subject.split(":", 1)[0]

    @property
    def subject_id(self) -> int | None:
        tail = self.subject.split(":", 1)[-1]
        return int(tail) if tail.isdigit() else None
