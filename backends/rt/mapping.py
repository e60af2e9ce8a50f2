"""Pure translations between RT's REST 2.0 JSON and Centralino's models (no I/O here).

    RT status (default lifecycle)      ours          written as
    new                                new           new
    open                               open          open
    stalled                            pending       stalled
    resolved                           resolved      resolved
    rejected, deleted                  closed        rejected
    any other (custom lifecycles)      open          -

    RT priority 0–100                  ours          written as
    0–29                               low           0   (RT "Low")
    30–64                              normal        50  (RT "Medium")
    65–89                              high          80
    90–100                             urgent        100 (RT "High")

Tier, category, tags, assignee and linked calls are ticket custom fields (Tier, Category,
Tags, Assignee, Calls); entry author and kind are transaction custom fields (Author, Kind).
Customers are RT users: RealName, Organization, EmailAddress, Lang, Comments (notes) and the
user custom fields Phone, Tags, Consent.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from backends import phones
from backends.customers.models import Consent, Customer
from backends.tickets.models import Ticket, TicketCategory, TicketPriority, TicketStatus

# ------------------------------------------------------------------------ status, priority
STATUS_FROM_RT = {
    "new": TicketStatus.NEW,
    "open": TicketStatus.OPEN,
    "stalled": TicketStatus.PENDING,
    "resolved": TicketStatus.RESOLVED,
    "rejected": TicketStatus.CLOSED,
    "deleted": TicketStatus.CLOSED,
}
STATUS_TO_RT = {
    TicketStatus.NEW: "new",
    TicketStatus.OPEN: "open",
    TicketStatus.PENDING: "stalled",
    TicketStatus.RESOLVED: "resolved",
    TicketStatus.CLOSED: "rejected",
}
PRIORITY_TO_RT = {
    TicketPriority.LOW: 0,
    TicketPriority.NORMAL: 50,
    TicketPriority.HIGH: 80,
    TicketPriority.URGENT: 100,
}


def status_from_rt(value: str) -> TicketStatus:
    return STATUS_FROM_RT.get(str(value).lower(), TicketStatus.OPEN)


def priority_from_rt(value: Any) -> TicketPriority:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return TicketPriority.NORMAL
    if number >= 90:
        return TicketPriority.URGENT
    if number >= 65:
        return TicketPriority.HIGH
    if number >= 30:
        return TicketPriority.NORMAL
    return TicketPriority.LOW


# ------------------------------------------------------------------------ dates, text
UNSET_DATE = "1970-01-01T00:00:00Z"


def date_from_rt(value: Any) -> datetime | None:
    if not value or str(value).startswith("1970-01-01"):
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def date_to_rt(value: datetime | None) -> str:
    """RT stores UTC; a naive datetime is taken as UTC."""
    if value is None:
        return "1970-01-01 00:00:00"
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def sql_literal(text: str) -> str:
    """A TicketSQL string literal: RT's parser reads backslash escapes inside single quotes,
    so backslashes and quotes are escaped; control characters become spaces."""
    cleaned = _CONTROL.sub(" ", text)
    return "'" + cleaned.replace("\\", "\\\\").replace("'", "\\'") + "'"


def like_pattern_safe(text: str) -> str:
    """Text for an RT LIKE condition: RT adds the % itself; control characters removed."""
    return _CONTROL.sub(" ", text).strip()


# ------------------------------------------------------------------------ custom fields
def cf_values(record: dict[str, Any], name: str) -> list[str]:
    for field in record.get("CustomFields") or []:
        if field.get("name") == name:
            return [str(v) for v in field.get("values") or [] if v not in (None, "")]
    return []


def cf_first(record: dict[str, Any], name: str) -> str | None:
    values = cf_values(record, name)
    return values[0] if values else None


def ref_name(value: Any) -> str | None:
    """The `id` of RT's {"type": "user", "id": "name", …} references."""
    if isinstance(value, dict):
        return str(value.get("id")) if value.get("id") not in (None, "") else None
    return None


# ------------------------------------------------------------------------ customers
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,19}$")
DERIVED_CODE = re.compile(r"^RT-0*(\d{1,12})$", re.IGNORECASE)


def derived_code(user_id: int) -> str:
    return f"RT-{user_id:06d}"


def code_of(name: str | None, user_id: int) -> str:
    """A user Name in customer-code shape (upper case) is the code; others get RT-000042."""
    if name and _CODE.match(name) and name == name.upper() and not DERIVED_CODE.match(name):
        return name
    return derived_code(user_id)


def _language(value: Any) -> str:
    text = str(value or "").lower()[:2]
    return text if re.match(r"^[a-z]{2}$", text) else "en"


def _email(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    return text if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text) else None


def customer_from_rt(user: dict[str, Any], version: int) -> Customer:
    user_id = int(user["id"])
    numbers: list[str] = []
    for raw in cf_values(user, "Phone"):
        number = phones.try_normalize(raw)
        if number and number not in numbers:
            numbers.append(number)
    consents = set(cf_values(user, "Consent"))
    name = str(user.get("RealName") or "").strip() or str(user.get("Name") or user_id)
    return Customer(
        id=user_id,
        code=code_of(user.get("Name"), user_id),
        name=name[:200],
        company=(str(user.get("Organization") or "").strip() or None),
        phones=numbers,
        email=_email(user.get("EmailAddress")),
        language=_language(user.get("Lang")),
        tags=[t[:40] for t in cf_values(user, "Tags")],
        consent=Consent(marketing="marketing" in consents, recording="recording" in consents),
        notes=str(user.get("Comments") or "")[:20000],
        created_at=date_from_rt(user.get("Created")) or datetime.now(UTC),
        updated_at=date_from_rt(user.get("LastUpdated")) or datetime.now(UTC),
        version=version,
    )


def consent_values(consent: Consent) -> list[str]:
    return [name for name, given in (("marketing", consent.marketing),
                                     ("recording", consent.recording)) if given]


def customer_fields_to_rt(fields: dict[str, Any]) -> dict[str, Any]:
    """RT user attributes for the customer fields given (create or partial update)."""
    body: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    if "name" in fields:
        body["RealName"] = fields["name"]
    if "company" in fields:
        body["Organization"] = fields["company"] or ""
    if "email" in fields:
        body["EmailAddress"] = fields["email"] or ""
    if "language" in fields:
        body["Lang"] = fields["language"]
    if "notes" in fields:
        body["Comments"] = fields["notes"] or ""
    if "phones" in fields:
        custom["Phone"] = list(fields["phones"])
    if "tags" in fields:
        custom["Tags"] = list(fields["tags"])
    if "consent" in fields:
        consent = fields["consent"]
        if isinstance(consent, dict):
            consent = Consent.model_validate(consent)
        custom["Consent"] = consent_values(consent)
    if custom:
        body["CustomFields"] = custom
    return body


# ------------------------------------------------------------------------ tickets
def ticket_from_rt(record: dict[str, Any], *, version: int,
                   customer_id: int | None) -> Ticket:
    tier_text = cf_first(record, "Tier") or "1"
    tier = int(tier_text) if tier_text in {"1", "2", "3"} else 1
    category_text = (cf_first(record, "Category") or "").lower()
    category = (TicketCategory(category_text) if category_text in TicketCategory._value2member_map_
                else TicketCategory.INFORMATION)
    owner = ref_name(record.get("Owner"))
    assignee = cf_first(record, "Assignee") or (owner if owner and owner != "Nobody" else None)
    calls = sorted({int(v) for v in cf_values(record, "Calls") if v.isdigit()})
    subject = str(record.get("Subject") or "").strip() or f"(RT #{record['id']})"
    return Ticket(
        id=int(record["id"]),
        subject=subject[:300],
        category=category,
        priority=priority_from_rt(record.get("Priority")),
        status=status_from_rt(str(record.get("Status") or "")),
        tier=tier,
        assignee=(assignee[:40] if assignee else None),
        due_at=date_from_rt(record.get("Due")),
        tags=[t[:40] for t in cf_values(record, "Tags")],
        customer_id=customer_id,
        call_ids=calls,
        created_at=date_from_rt(record.get("Created")) or datetime.now(UTC),
        updated_at=date_from_rt(record.get("LastUpdated")) or datetime.now(UTC),
        version=version,
    )


def ticket_fields_to_rt(fields: dict[str, Any]) -> dict[str, Any]:
    """RT ticket attributes and custom fields for the ticket fields given."""
    body: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    if "subject" in fields:
        body["Subject"] = fields["subject"]
    if "status" in fields:
        body["Status"] = STATUS_TO_RT[TicketStatus(fields["status"])]
    if "priority" in fields:
        body["Priority"] = PRIORITY_TO_RT[TicketPriority(fields["priority"])]
    if "due_at" in fields:
        body["Due"] = date_to_rt(fields["due_at"])
    if "tier" in fields:
        custom["Tier"] = str(fields["tier"])
    if "category" in fields:
        custom["Category"] = TicketCategory(fields["category"]).value
    if "tags" in fields:
        custom["Tags"] = list(fields["tags"])
    if "assignee" in fields:
        custom["Assignee"] = [fields["assignee"]] if fields["assignee"] else []
    if custom:
        body["CustomFields"] = custom
    return body
