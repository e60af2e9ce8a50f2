"""The sanitiser: no terminal control or bidi trick survives; ordinary text is left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backends.sanitize import clean, clean_line, is_clean

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
LINE_SEPARATORS = "\u2028\u2029"


def forbidden_in(text: str, *, keep_newline_and_tab: bool) -> list[str]:
    bad = []
    for char in text:
        code = ord(char)
        if char in "\n\t" and keep_newline_and_tab:
            continue
        if code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or char in BIDI + LINE_SEPARATORS:
            bad.append(char)
    return bad


# text rich in the characters that matter: controls, C1, bidi, separators and ordinary letters
hostile_chars = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x20),
    st.characters(min_codepoint=0x7F, max_codepoint=0xA0),
    st.sampled_from(list(BIDI + LINE_SEPARATORS + "\ufeff[]@=;")),
    st.characters(),
)
hostile_text = st.text(hostile_chars, max_size=80)


@settings(max_examples=400)
@given(hostile_text)
def test_clean_leaves_no_control_characters(text: str) -> None:
    out = clean(text)
    assert forbidden_in(out, keep_newline_and_tab=True) == []
    assert out.count("\n") == text.count("\n") and out.count("\t") == text.count("\t")
    assert is_clean(out)


@settings(max_examples=400)
@given(hostile_text, st.one_of(st.none(), st.integers(min_value=1, max_value=60)))
def test_clean_line_is_one_safe_line(text: str, max_length: int | None) -> None:
    out = clean_line(text, max_length)
    assert forbidden_in(out, keep_newline_and_tab=False) == []
    if max_length is not None:
        assert len(out) <= max_length


printable = st.text(
    st.characters(categories=["L", "M", "N", "P", "S", "Zs"],
                  exclude_characters=BIDI + LINE_SEPARATORS + "\ufeff"),
    max_size=80,
).filter(lambda s: all(not 0x80 <= ord(c) <= 0x9F for c in s))


@given(printable)
def test_printable_text_passes_unchanged(text: str) -> None:
    assert clean(text) == text
    assert clean_line(text) == text
    assert is_clean(text)


@given(st.text(max_size=40))
def test_clean_is_idempotent(text: str) -> None:
    assert clean(clean(text)) == clean(text)
    assert clean_line(clean_line(text)) == clean_line(text)


@pytest.mark.parametrize(
    ("raw", "must_not_contain"),
    [
        ("\x1b[31mred\x1b[0m", "\x1b"),                                  # SGR colour
        ("\x1b]52;c;ZXZpbA==\x07", "\x1b"),                             # OSC 52 clipboard write
        ("\x1b]52;c;ZXZpbA==\x07", "\x07"),
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "\x1b"),  # OSC 8 link
        ("\x9b31mred", "\x9b"),                                          # C1 CSI
        ("\x9d52;c;ZXZpbA==\x9c", "\x9d"),                               # C1 OSC
        ("invoice\u202efdp.exe", "\u202e"),                              # RLO
        ("a\u2066b\u2069c", "\u2066"),                                   # isolate
        ("line\u2028break", "\u2028"),
        ("del\x7fete", "\x7f"),
        ("back\bspace\rcarriage", "\r"),
    ],
)
def test_concrete_attacks(raw: str, must_not_contain: str) -> None:
    for out in (clean(raw), clean_line(raw)):
        assert must_not_contain not in out
        assert forbidden_in(out, keep_newline_and_tab=True) == []


def test_controls_become_visible_symbols() -> None:
    assert clean("\x1b[31m") == "\u241b[31m"  # ␛ shown, not hidden
    assert clean("a\x07b") == "a\u2407b"
    assert clean("x\x7fy") == "x\u2421y"
    assert clean("\x9b") == "\ufffd"
    assert clean("a\u202eb") == "a\ufffdb"


def test_newlines_and_tabs() -> None:
    assert clean("one\n\ttwo") == "one\n\ttwo"
    assert clean_line("one\r\ntwo\nthree\tfour") == "one two three four"


def test_markup_is_not_the_sanitisers_job() -> None:
    # Textual markup is plain text here; screens render it as Content, never as markup
    assert clean("[@click=app.quit]Rossi[/]") == "[@click=app.quit]Rossi[/]"


def test_none_and_non_strings() -> None:
    assert clean(None) == "" and clean_line(None) == ""
    assert clean(42) == "42"


def test_clean_line_truncates_with_ellipsis() -> None:
    assert clean_line("abcdefgh", 5) == "abcd…"
    assert clean_line("abc", 5) == "abc"
    assert clean_line("abc", 1) == "…"
