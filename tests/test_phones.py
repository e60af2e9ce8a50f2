"""Phone normalisation: E.164 out, Invalid (naming the field) for anything that is no number."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backends import phones
from backends.errors import Invalid

ROME = "+390612345678"
BUDAPEST = "+3612345678"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+39 06 1234 5678", None, ROME),
        ("0039 06 1234 5678", None, ROME),
        ("06 1234 5678", None, ROME),
        ("06-1234-5678", None, ROME),
        ("(06) 1234.5678", None, ROME),
        ("+39 333 123 4567", None, "+393331234567"),
        ("+36 1 234 5678", None, BUDAPEST),
        ("06 1 234 5678", "HU", BUDAPEST),
        ("+40 21 123 4567", None, "+40211234567"),
        ("+40 721 234 567", None, "+40721234567"),
        ("0721 234 567", "RO", "+40721234567"),
        ("+44 20 7946 0958", None, "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+39 06 1234 5678", "HU", ROME),  # an international prefix wins over the region
    ],
)
def test_normalize_formats(raw: str, region: str | None, expected: str) -> None:
    assert phones.normalize(raw, region) == expected


def test_hungarian_domestic_format_needs_region_hu() -> None:
    # "06" is the Hungarian trunk prefix but the Rome area code in Italy
    assert phones.normalize("06 1 234 5678", "IT") != BUDAPEST
    assert phones.normalize("06 1 234 5678", "HU") == BUDAPEST


def test_default_region_is_used_and_can_change() -> None:
    assert phones.normalize("0721 234 567", "RO") == "+40721234567"
    phones.set_default_region("ro")
    assert phones.normalize("0721 234 567") == "+40721234567"  # conftest resets to IT


def test_unknown_region_is_invalid() -> None:
    with pytest.raises(Invalid) as info:
        phones.set_default_region("XX")
    assert info.value.field == "region"


@pytest.mark.parametrize(
    ("raw", "says"),
    [("", "empty"), ("   ", "empty"), ("banana", "not a phone number"),
     ("12", "wrong number of digits"), ("+39 06 12", "wrong number of digits"),
     ("+999 1234 5678", "not a phone number")],
)
def test_normalize_rejects_with_a_reason(raw: str, says: str) -> None:
    with pytest.raises(Invalid) as info:
        phones.normalize(raw, field="caller")
    assert info.value.field == "caller"
    assert says in info.value.reason


def test_try_normalize_and_pretty() -> None:
    assert phones.try_normalize("nonsense") is None
    assert phones.try_normalize("06 1234 5678") == ROME
    assert phones.pretty(ROME) == "+39 06 1234 5678"
    assert phones.pretty("not e164") == "not e164"


phone_like = st.text(alphabet="0123456789 +-().", min_size=0, max_size=24)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=40), phone_like),
       st.sampled_from([None, "IT", "HU", "RO", "GB"]))
def test_normalize_raises_only_invalid_and_is_idempotent(raw: str, region: str | None) -> None:
    try:
        number = phones.normalize(raw, region)
    except Invalid as exc:
        assert exc.field == "phone"
        assert exc.reason
        return
    assert phones.is_e164(number)
    assert phones.normalize(number) == number
    for other in ("IT", "HU", "RO", "GB"):
        assert phones.normalize(number, other) == number
    assert phones.normalize(phones.pretty(number)) == number


@given(st.sampled_from([ROME, BUDAPEST, "+40721234567", "+442079460958"]),
       st.lists(st.sampled_from([" ", "-", "."]), max_size=6), st.randoms())
def test_separators_do_not_change_the_number(number: str, seps: list[str], rnd) -> None:
    digits = list(number)
    for sep in seps:
        digits.insert(rnd.randint(2, len(digits)), sep)
    assert phones.normalize("".join(digits)) == number


@pytest.mark.parametrize("text", ["06 1234 5678", "+39 333 1234567", "0039061234", "1234"])
def test_looks_like_phone_for_numbers(text: str) -> None:
    assert phones.looks_like_phone(text)


@pytest.mark.parametrize("text", ["", "   ", "Rossi", "Via Roma 12", "123", "Szőke 06",
                                  "mario@example.it"])
def test_looks_like_phone_not_for_words(text: str) -> None:
    assert not phones.looks_like_phone(text)


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=30))
def test_letters_never_look_like_a_phone(text: str) -> None:
    assert not phones.looks_like_phone(text)
