"""The text side of searching, shared by every store (SQLite's FTS5 and PostgreSQL's
tsvector see words alike): folding, the words of user text, the terms of names, what looks
like a customer code or a phone number, and the edit distance of the typo fallback. Pure
functions: no database (docs/ARCHITECTURE.md, "backends/")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from backends import phones

MAX_WORDS = 8
MAX_WORD_LENGTH = 48
# word characters as the FTS5 unicode61 tokenizer sees them: it splits at "_", \w does not
WORD = re.compile(r"[^\W_]+")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,19}$")
# the customers' columns a customer search reads to find and rank (names, companies and notes
# in the full-text index, codes, e-mails, phones): a change to any other column (tags,
# language, consent) changes no search's ranked ids (the stores' `customer_search`
# generation, backends/server/ranked_ids.py)
SEARCHED_COLUMNS = ("name", "company", "notes", "email", "code", "phones")


def fold(text: str) -> str:
    """Lower case without accents, as the FTS tokenizer sees it (Szabó → szabo)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words_of(text: str) -> list[str]:
    """The searchable words of user text, bounded in number and length."""
    return [w[:MAX_WORD_LENGTH] for w in WORD.findall(fold(text[:1000]))][:MAX_WORDS]


def name_terms(texts: Iterable[str | None]) -> set[str]:
    """The words of names and companies the fuzzy fallback knows (customer_terms): all of
    them, however long the name, as the search cuts them (folded, at most MAX_WORD_LENGTH
    characters), from three letters up. The fuzzy lookup takes a word missing here for a
    typo, so none may be left out."""
    return {w[:MAX_WORD_LENGTH] for text in texts if text
            for w in WORD.findall(fold(text)) if len(w) >= 3}


def looks_like_code(text: str) -> bool:
    upper = text.strip().upper()
    return bool(_CODE.match(upper)) and any(c.isdigit() for c in upper)


def phone_candidates(text: str, region: str) -> tuple[str | None, list[str]]:
    """(exact E.164 or None, E.164 prefixes worth trying) for a phone typed any way."""
    stripped = text.strip()
    digits = re.sub(r"\D", "", stripped)
    exact = phones.try_normalize(stripped, region)
    prefixes: list[str] = []
    if stripped.startswith("+"):
        prefixes.append("+" + digits)
    elif stripped.startswith("00"):
        prefixes.append("+" + digits[2:])
    else:
        import phonenumbers  # loaded with the first number looked up, not at start

        code = phonenumbers.country_code_for_region(region)
        prefixes.append(f"+{code}{digits}")
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        national = meta.national_prefix if meta else None
        if national and digits.startswith(national):
            prefixes.append(f"+{code}{digits[len(national):]}")
        prefixes.append("+" + digits)
    return exact, [p for p in dict.fromkeys(prefixes) if len(p) > 2]


def edit_distance(a: str, b: str, bound: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), capped at bound+1.
    rapidfuzz computes it in C: a long surname has a thousand candidates to compare, which
    in Python cost milliseconds per keystroke. Imported on the first fuzzy lookup only."""
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b, score_cutoff=bound))
