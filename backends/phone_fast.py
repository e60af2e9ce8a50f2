"""A fast, exact path for numbers already written in E.164 (`+` and digits only), the form of
bulk imports (do-not-call registers, contact lists): `phonenumbers.parse` + `is_valid_number`
cost ~60 µs a number, 10 minutes for a 10,000,000-number register; this costs a few µs.

It gives the very answer `phonenumbers` gives, or no answer (None: take the full path):
- the country code is the first 1-3 digits that are one (codes are prefix-free);
- the main region of the code decides, as in `phonenumbers`' region_code_for_number, only
  when it has no `leading_digits` (otherwise None);
- the number is valid there when its national part matches the general description and one
  of the number types, with their possible lengths (phonenumbers' `_number_type_helper`,
  compiled once per region here);
- parsing could strip a national prefix from the national part (its pattern matches at its
  start): None, since `phonenumbers` might read it otherwise.
tests/test_phone_fast.py compares both paths on numbers of many countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_SHAPE = re.compile(r"\+([1-9]\d{6,14})")
# in the order of phonenumbers' _number_type_helper: the first that matches is the type
_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
          "uan", "voicemail", "fixed_line", "mobile")

Check = tuple[frozenset[int], "re.Pattern[str]"]


def _check(desc: Any) -> Check | None:
    pattern = getattr(desc, "national_number_pattern", None) if desc is not None else None
    if not pattern:
        return None
    return frozenset(desc.possible_length or ()), re.compile(pattern)


def _matches(national: str, check: Check | None) -> bool:
    if check is None:
        return False
    lengths, pattern = check
    if lengths and len(national) not in lengths:
        return False
    return pattern.fullmatch(national) is not None


@dataclass(frozen=True)
class _Region:
    name: str  # the code's main region
    general: Check | None
    types: tuple[tuple[Any, Check], ...]  # (PhoneNumberType, check), in phonenumbers' order
    # every type's pattern as one alternation (group t<i>): fullmatch finds the first type
    # whose pattern matches in one call, where ten calls cost ~20 µs
    any_type: re.Pattern[str]
    prefix: re.Pattern[str] | None  # national prefix for parsing
    type_at: dict[int, int]  # group number in any_type → position in types


@lru_cache(maxsize=512)
def _region(code: int) -> _Region | None:
    """What the fast path needs of the code; None when it cannot decide for this code."""
    import phonenumbers
    from phonenumbers import PhoneMetadata

    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code)
    if not regions:
        return None
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, regions[0])
    if metadata is None or metadata.leading_digits is not None:
        return None
    kinds = phonenumbers.PhoneNumberType
    types = tuple((getattr(kinds, t.upper()), c) for t in _TYPES
                  if (c := _check(getattr(metadata, t, None))) is not None)
    prefix = metadata.national_prefix_for_parsing
    any_type = re.compile("|".join(f"(?P<t{i}>{check[1].pattern})"
                                   for i, (_kind, check) in enumerate(types)))
    return _Region(regions[0], _check(metadata.general_desc), types, any_type,
                   re.compile(prefix) if prefix else None,
                   {any_type.groupindex[f"t{i}"]: i for i in range(len(types))})


def _known_codes() -> frozenset[str]:
    import phonenumbers

    return frozenset(str(c) for c in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


_CODES: frozenset[str] | None = None


def number_type(text: str) -> tuple[str, int, Any] | None:
    """(region, country code, phonenumbers.PhoneNumberType) of a valid number already in
    E.164, as phonenumbers would say; None when this path cannot say."""
    global _CODES
    shape = _SHAPE.fullmatch(text)
    if shape is None:
        return None
    if _CODES is None:
        _CODES = _known_codes()
    digits = shape.group(1)
    for size in (1, 2, 3):
        if digits[:size] in _CODES:
            break
    else:
        return None
    code = int(digits[:size])
    region = _region(code)
    national = digits[size:]
    if region is None or len(national) < 2:
        return None
    if region.prefix is not None and region.prefix.match(national) is not None:
        return None
    if not _matches(national, region.general):
        return None
    first = region.any_type.fullmatch(national)
    if first is None:  # no type's pattern matches: not valid
        return None
    # the group that closed last is the outer one of the alternative that matched: its
    # pattern matched, so only its lengths are left to check
    start = region.type_at[first.lastindex or 0]
    kind, (lengths, _pattern) = region.types[start]
    if not lengths or len(national) in lengths:
        return region.name, code, kind
    for kind, check in region.types[start + 1:]:
        if _matches(national, check):
            return region.name, code, kind
    return None


def valid_e164(text: str) -> str | None:
    """`text` when it is a valid number already in E.164 (what phonenumbers would return);
    None when this path cannot say (take the full one)."""
    return text if number_type(text) is not None else None


def time_zones(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(region, time zone names) of a valid number already in E.164, as phonenumbers'
    region_code_for_number and time_zones_for_number say (without "Etc/Unknown"); None when
    this path cannot say."""
    found = number_type(text)
    if found is None:
        return None
    from phonenumbers.phonenumberutil import is_number_type_geographical
    from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX

    region, code, kind = found
    # geographic numbers by their longest known prefix, the others by their country code
    # (whose prefixes phonenumbers tries from 2 digits up, as here)
    geographic = is_number_type_geographical(kind, code)
    digits, extra = (text[1:], 0) if geographic else (str(code), 1)
    zones: tuple[str, ...] = ()
    for size in range(TIMEZONE_LONGEST_PREFIX, 0, -1):
        prefix = digits[:size + extra]
        if prefix in TIMEZONE_DATA:
            zones = tuple(TIMEZONE_DATA[prefix])
            break
    return region, tuple(z for z in zones if z != "Etc/Unknown")
