"""The fast path for numbers already in E.164 (backends/phone_fast.py) gives phonenumbers'
own answers: the same E.164 for a valid number, the same region and time zones, and never
an answer for a number phonenumbers refuses. Checked on every region's example numbers of
every type and on thousands of their one-digit variants (many invalid)."""

from __future__ import annotations

import random

import phonenumbers
from phonenumbers import PhoneNumberType, timezone

from backends import phone_fast, phones
from backends.campaigns import hours


def _full(text: str) -> tuple[str, str, tuple[str, ...]] | None:
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not (phonenumbers.is_possible_number(number) and phonenumbers.is_valid_number(number)):
        return None
    zones = tuple(z for z in timezone.time_zones_for_number(number) if z != "Etc/Unknown")
    return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            phonenumbers.region_code_for_number(number) or "", zones)


def _samples() -> list[str]:
    rng = random.Random(17)
    out: list[str] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE,
                     PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
                     PhoneNumberType.VOIP, PhoneNumberType.UAN):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            text = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            out.append(text)
            for _n in range(6):
                digits = list(text)
                digits[rng.randrange(2, len(digits))] = str(rng.randrange(10))
                if rng.random() < 0.2:
                    digits.insert(rng.randrange(2, len(digits)), str(rng.randrange(10)))
                out.append("".join(digits))
    return out


def test_the_fast_path_answers_as_phonenumbers_does() -> None:
    answered = 0
    for text in _samples():
        fast = phone_fast.time_zones(text)
        if fast is None:
            continue
        answered += 1
        assert _full(text) == (text, *fast), text
    assert answered > 3000  # it does answer most of them, not only a few


def test_normalize_and_place_give_the_same_answers_by_either_path() -> None:
    assert phones.normalize("+390612345678") == "+390612345678"
    assert phones.normalize("0612345678", "IT") == "+390612345678"
    assert phones.normalize("+44 20 7946 0958") == "+442079460958"
    assert hours.place_of("+442079460958") == ("GB", ("Europe/London",))
    assert phone_fast.valid_e164("+4402079460958") is None  # a national prefix: full path
    assert phones.normalize("+4402079460958") == "+442079460958"
