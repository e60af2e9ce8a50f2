"""Phone numbers: everything is stored and compared as E.164, parsed by `phonenumbers`."""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType

from backends.errors import Invalid


def _pn() -> ModuleType:  # a module object: mypy cannot take a module as a return type
    """phonenumbers, imported on first use (it costs ~0.15 s, not needed for the first frame)."""
    import phonenumbers

    return phonenumbers

DEFAULT_REGION = "IT"
# Longer than any number a person writes (15 digits, a prefix, spaces, an extension); checked
# before the cache below, whose keys would otherwise be whatever a request sent (4096 x 1 MB).
MAX_INPUT_LENGTH = 60
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_DIGITS_ONLY = re.compile(r"[\d+]")


def set_default_region(region: str) -> None:
    """Region used to read numbers written without a country prefix (settings: `region`)."""
    global DEFAULT_REGION
    region = region.upper()
    if region not in _pn().SUPPORTED_REGIONS:
        raise Invalid("region", f"'{region}' is not a country code such as IT, HU, RO, GB")
    DEFAULT_REGION = region


def looks_like_phone(text: str) -> bool:
    """True when the text is mostly digits: the lookup box treats it as a number, not a name."""
    stripped = text.strip()
    if not stripped:
        return False
    digits = len(_DIGITS_ONLY.findall(stripped))
    return digits >= 4 and digits >= len(stripped.replace(" ", "")) * 0.7


def normalize(raw: str, region: str | None = None, *, field: str = "phone") -> str:
    """Return `raw` as E.164 or raise Invalid saying why. `00` is read as the `+` prefix.

    `region` (default: DEFAULT_REGION) is used for numbers without a country prefix.
    """
    if len(raw) > MAX_INPUT_LENGTH:
        from backends.i18n import _

        raise Invalid(field, _("is longer than {n} characters; no phone number is").format(
            n=MAX_INPUT_LENGTH))
    return _normalize(raw, region or DEFAULT_REGION, field)


@lru_cache(maxsize=4096)
def _normalize(raw: str, region: str, field: str) -> str:
    text = raw.strip()
    if not text:
        raise Invalid(field, "is empty")
    if text.startswith("00"):
        text = "+" + text[2:]
    phonenumbers = _pn()
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        raise Invalid(field, f"'{raw}' is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise Invalid(field, f"'{raw}' has the wrong number of digits for its country") from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid(field, f"'{raw}' is not a valid phone number") from None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalize(raw: str, region: str | None = None) -> str | None:
    try:
        return normalize(raw, region)
    except Invalid:
        return None


def is_e164(value: str) -> bool:
    return bool(_E164.match(value))


def country_code(e164: str) -> int | None:
    """The country calling code of a number (39 for +39 06 …), None when it is not one."""
    phonenumbers = _pn()
    try:
        return int(phonenumbers.parse(e164, None).country_code)
    except phonenumbers.NumberParseException:
        return None


def pretty(e164: str) -> str:
    """International format for display: +39 06 1234 5678."""
    phonenumbers = _pn()
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
