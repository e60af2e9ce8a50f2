"""The vocabulary of the operator's work, all in one place: a transitional re-export.

Each domain's models live in its package (backends/<domain>/models.py) and what they share in
backends/model_base.py (docs/ARCHITECTURE.md). This module re-exports every name it held
before the split, so screens, console and tests keep importing `backends.models` unchanged;
new code imports from the domain's own models module. It goes once nothing imports it.
"""

from __future__ import annotations

from backends.calls.models import (
    CALL_TRANSITIONS,
    OPEN_CALL_STATES,
    Call,
    CallChanges,
    CallDraft,
    CallState,
    Channel,
    Direction,
)
from backends.customers.models import CUSTOMER_CODE_SHAPE as _CUSTOMER_CODE
from backends.customers.models import (
    Consent,
    Customer,
    CustomerBase,
    CustomerChanges,
    CustomerDraft,
)
from backends.feed.models import Event
from backends.model_base import EMAIL_SHAPE as _EMAIL
from backends.model_base import LANGUAGE_SHAPE as _LANG
from backends.model_base import (
    MAX_LANGUAGES,
    MAX_LINKED_TICKETS,
    MAX_PHONES,
    MAX_TAGS,
    TAG_MAX_LENGTH,
    Model,
    utcnow,
)
from backends.model_base import at_most as _at_most
from backends.model_base import check_e164_list as _check_e164_list
from backends.model_base import check_email as _check_email
from backends.model_base import check_language as _check_language
from backends.model_base import check_phones as _phones_validator
from backends.model_base import check_tags as _check_tags
from backends.model_base import none_is_empty as _none_is_empty
from backends.model_base import phone_error_to_value_error as _phone_error_to_value_error
from backends.model_base import refuse_none as _refuse_none
from backends.people.models import (
    DirectoryEntry,
    DirectoryKind,
    Disposition,
    Operator,
    Presence,
    Role,
)
from backends.tickets.models import (
    OPEN_TICKET_STATUSES,
    EntryKind,
    Ticket,
    TicketBase,
    TicketCategory,
    TicketChanges,
    TicketDraft,
    TicketEntry,
    TicketEntryDraft,
    TicketPriority,
    TicketStatus,
    parse_ticket_ref,
    ticket_ref,
)
from backends.transfers.models import Transfer, TransferDraft, TransferKind, TransferStatus

__all__ = [
    "CALL_TRANSITIONS", "MAX_LANGUAGES", "MAX_LINKED_TICKETS", "MAX_PHONES", "MAX_TAGS",
    "OPEN_CALL_STATES", "OPEN_TICKET_STATUSES", "TAG_MAX_LENGTH", "_CUSTOMER_CODE", "_EMAIL",
    "_LANG", "Call", "CallChanges", "CallDraft", "CallState", "Channel", "Consent", "Customer",
    "CustomerBase", "CustomerChanges", "CustomerDraft", "Direction", "DirectoryEntry",
    "DirectoryKind", "Disposition", "EntryKind", "Event", "Model", "Operator", "Presence",
    "Role", "Ticket", "TicketBase", "TicketCategory", "TicketChanges", "TicketDraft",
    "TicketEntry", "TicketEntryDraft", "TicketPriority", "TicketStatus", "Transfer",
    "TransferDraft", "TransferKind", "TransferStatus", "_at_most", "_check_e164_list",
    "_check_email", "_check_language", "_check_tags", "_none_is_empty",
    "_phone_error_to_value_error", "_phones_validator", "_refuse_none", "parse_ticket_ref",
    "ticket_ref", "utcnow",
]
