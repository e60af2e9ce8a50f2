"""A customer's editable fields as form values (plain strings) and back: the new-customer and
edit forms and the customer conflict dialog share these (docs/ARCHITECTURE.md, "screens/").

Values are sanitised on the way in (a record may hold anything a caller or an import put
there); a field counts as changed only when it differs from the value the form opened with, so
saving an edit never rewrites what the operator left alone."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from backends.customers import rules
from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.customers.models import Consent, Customer
from backends.errors import invalid_from_validation
from backends.i18n import _
from backends.sanitize import clean, clean_line
from screens.common import render

FIELDS = ("name", "phones", "email", "company", "language", "tags", "marketing", "recording",
          "notes")
CHECKED = ("marketing", "recording")  # yes/no values: "1" or ""
FormValues = dict[str, str]


def field_label(name: str) -> str:
    return {
        "name": _("Name"), "phones": _("Phones"), "email": _("Email"),
        "company": _("Company"), "language": _("Language"), "tags": _("Tags"),
        "marketing": _("Marketing"), "recording": _("Recording"), "notes": _("Notes"),
    }[name]


def display_value(name: str, value: str) -> str:
    if name in CHECKED:
        return _("agreed") if value else _("not agreed")
    return value.replace("\n", " ⏎ ")


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def values_from_customer(customer: Customer) -> FormValues:
    return {
        "name": clean_line(customer.name, 200),
        "phones": ", ".join(render.pretty_phone(number) for number in customer.phones),
        "email": clean_line(customer.email or "", 254),
        "company": clean_line(customer.company or "", 200),
        "language": clean_line(customer.language, 10),
        "tags": ", ".join(clean_line(tag, 60) for tag in customer.tags),
        "marketing": "1" if customer.consent.marketing else "",
        "recording": "1" if customer.consent.recording else "",
        "notes": clean(customer.notes),
    }


def _model_fields(values: FormValues, names: set[str]) -> dict[str, Any]:
    """The model's fields for the form fields in `names` (both consents make one field)."""
    out: dict[str, Any] = {}
    for name in names:
        value = values[name].strip() if name != "notes" else values[name]
        if name in ("phones", "tags"):
            out[name] = split_list(value)
        elif name in ("email", "company"):
            out[name] = value or None
        elif name in CHECKED:
            out["consent"] = Consent(marketing=bool(values["marketing"]),
                                     recording=bool(values["recording"]))
        elif name == "language":
            if value:
                out[name] = value
        else:
            out[name] = value
    return out


def draft_from_values(values: FormValues) -> CustomerDraft:
    """A new customer; a language left empty is the store's to choose (the number's)."""
    try:
        return CustomerDraft(**_model_fields(values, set(FIELDS)))
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None


def changes_from_values(values: FormValues, base: FormValues) -> CustomerChanges:
    """Only the fields edited since the form opened (`base`). A language emptied goes back to
    the one a new customer gets: its numbers' country's (rules.language_for_phones)."""
    edited = {name for name in FIELDS if values.get(name, "") != base.get(name, "")}
    fields = _model_fields(values, edited)
    if "language" in edited and not values["language"].strip():
        fields["language"] = rules.language_for_phones(split_list(values["phones"]))
    try:
        return CustomerChanges(**fields)
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None
