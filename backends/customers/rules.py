"""The rules of customers, one set for every store (docs/ARCHITECTURE.md): numbers stored as
E.164 (a national number read with the store's region), the code a customer gets when none is
chosen, the language a new customer gets when none is given (from their number's country) and
what an edit may leave out."""

from __future__ import annotations

from typing import Any

from backends import phones

# the language a new customer speaks when nobody said: from their number's country
LANGUAGE_BY_COUNTRY_CODE = {39: "it", 36: "hu", 40: "ro", 44: "en"}
FALLBACK_LANGUAGE = "en"

# fields a customer cannot lack: an edit that sets them to None leaves them as they are
KEPT_WHEN_NONE = frozenset({"name", "language", "notes"})


def normalized_phones(numbers: list[str], region: str) -> list[str]:
    """E.164, each once, in the order given (Invalid names the position of a bad one)."""
    out: list[str] = []
    for position, raw in enumerate(numbers):
        number = phones.normalize(raw, region, field=f"phones.{position}")
        if number not in out:
            out.append(number)
    return out


def auto_code(customer_id: int) -> str:
    return f"C{customer_id:07d}"


def auto_code_taken(customer_id: int) -> str:
    """The code when somebody chose `auto_code(customer_id)` by hand for another customer."""
    return f"{auto_code(customer_id)}-{customer_id % 1000:03d}"


def edited_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The fields an edit stores: None leaves a required field and the consent as they are,
    and empties the phones and tags."""
    fields: dict[str, Any] = {}
    for name, value in changes.items():
        if value is None and (name in KEPT_WHEN_NONE or name == "consent"):
            continue
        fields[name] = [] if name in ("phones", "tags") and value is None else value
    return fields


def language_for_phones(numbers: list[str], region: str | None = None) -> str:
    """The language of the first number whose country we know (+39 it, +36 hu, +40 ro,
    +44 en), else English. Numbers are read as `normalized_phones` reads them."""
    for raw in numbers:
        e164 = phones.try_normalize(raw, region)
        code = phones.country_code(e164) if e164 else None
        if code in LANGUAGE_BY_COUNTRY_CODE:
            return LANGUAGE_BY_COUNTRY_CODE[code]
    return FALLBACK_LANGUAGE
