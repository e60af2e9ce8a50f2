"""One sanitiser for every piece of untrusted text before it reaches a screen.

Textual and Rich pass ESC, OSC 8/52 and C1 bytes straight to the terminal, and bidi overrides
can make text read differently from what it is. Control characters become visible symbols
(U+2400 block for C0, U+FFFD for the rest) so nothing is silently hidden either.
"""

from __future__ import annotations

import re

# bidi embedding/override/isolate controls and the Arabic letter mark
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ufeff]")
_UNSAFE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ufeff]")


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, …
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean(text: object) -> str:
    """Text safe to show in a multi-line area: newlines and tabs kept, other controls shown."""
    if text is None:
        return ""
    return _UNSAFE.sub(_visible, str(text))


def clean_line(text: object, max_length: int | None = None) -> str:
    """Text safe for one line (a table cell, a title): newlines and tabs shown as spaces."""
    if text is None:
        return ""
    value = str(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    value = _UNSAFE_LINE.sub(_visible, value)
    if max_length is not None and len(value) > max_length:
        value = value[: max(0, max_length - 1)] + "…"
    return value


def is_clean(text: str) -> bool:
    return _UNSAFE.search(text) is None
