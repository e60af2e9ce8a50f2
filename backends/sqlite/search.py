"""Type-ahead search over customers and tickets.

User text is never handed to FTS5 as syntax: it is cut into words (letters and digits only),
each word becomes a quoted prefix term, so `"`, `*`, `NEAR`, `AND`, `-`, `(` are searched as
the plain text they are. Candidates are fetched in index order with a LIMIT (no ORDER BY rank
over a million matches) and ranked in Python: exact name first, then names starting with the
text, then the rest by name.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from functools import lru_cache

from backends import phones
from backends.customers.models import Customer

# the text side (folding, words, codes, phones, edit distance) is shared with PostgreSQL
from backends.search_text import (
    WORD,
    edit_distance,
    fold,
    looks_like_code,
    phone_candidates,
    words_of,
)
from backends.sqlite import rows
from backends.tickets.models import parse_ticket_ref

PREFIX_INDEX_MAX = 4  # customers_fts keeps prefix indexes of 2, 3 and 4 characters


def _term(word: str, whole_long_words: bool) -> str:
    if len(word) == 1:
        return f'"{word}"'  # a lone letter is an initial: as a prefix it would merge 1/20th
    if whole_long_words and len(word) > PREFIX_INDEX_MAX:
        return f'"{word}"'
    return f'"{word}"*'


def prefix_query(words: Iterable[str], columns: str | None = None, *,
                 whole_long_words: bool = False) -> str:
    """FTS5 query: every word must match as a prefix. Words hold only \\w characters, so the
    double quotes cannot be escaped out of; quoting also disarms AND/OR/NOT/NEAR.

    With `whole_long_words`, words longer than the prefix indexes match as whole words: a
    longer prefix makes FTS5 merge the doclists of every word it begins, which at a million
    rows costs milliseconds, while a whole word streams its own doclist."""
    body = " AND ".join(_term(w, whole_long_words) for w in words)
    return f"{{{columns}}} : ({body})" if columns else body


def _fts_ids(conn: sqlite3.Connection, table: str, query: str, limit: int) -> list[int]:
    return [r[0] for r in conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?", [query, limit])]


# ------------------------------------------------------------------------------ customers
def _range(conn: sqlite3.Connection, sql: str, low: str, limit: int) -> list[int]:
    # every stored character we range over sorts below U+10FFFF, so low..low+max is a prefix
    return [r[0] for r in conn.execute(sql, [low, low + "\U0010ffff", limit])]


def phone_ids(conn: sqlite3.Connection, text: str, region: str, limit: int) -> list[int]:
    exact, prefixes = phone_candidates(text, region)
    found: list[int] = []
    if exact:
        found += [r[0] for r in conn.execute(
            "SELECT customer_id FROM customer_phones WHERE e164 = ? ORDER BY customer_id",
            [exact])]
    for prefix in prefixes:
        if len(found) >= limit:
            break
        found += _range(conn, "SELECT customer_id FROM customer_phones "
                              "WHERE e164 >= ? AND e164 < ? LIMIT ?", prefix, limit)
    digits = re.sub(r"\D", "", text)
    if len(found) < limit and len(digits) >= 4:
        # the last digits of a number, the way people read them off a screen
        found += _range(conn, "SELECT customer_id FROM customer_phones "
                              "WHERE rev >= ? AND rev < ? LIMIT ?", digits[::-1], limit)
    return found


def exact_phone_ids(conn: sqlite3.Connection, e164: str) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT customer_id FROM customer_phones WHERE e164 = ? ORDER BY customer_id", [e164])]


def email_ids(conn: sqlite3.Connection, text: str, limit: int) -> list[int]:
    needle = text.strip().lower()
    found = [r[0] for r in conn.execute(
        "SELECT id FROM customers WHERE email = ? ORDER BY id LIMIT ?", [needle, limit])]
    if needle and not needle.startswith("@"):
        found += _range(conn, "SELECT id FROM customers WHERE email >= ? AND email < ? LIMIT ?",
                        needle, limit)
    return found


def code_ids(conn: sqlite3.Connection, text: str, limit: int) -> list[int]:
    code = text.strip().upper()
    found = [r[0] for r in conn.execute("SELECT id FROM customers WHERE code = ?", [code])]
    if any(c.isalpha() for c in code):
        found += _range(conn, "SELECT id FROM customers WHERE code >= ? AND code < ? LIMIT ?",
                        code, limit)
    return found


@lru_cache(maxsize=16384)
def _name_parts(raw_name: str) -> tuple[str, tuple[str, ...], str]:
    """(folded name, its words, the words joined by one space), memoised: candidates of one
    query share names (prefix matches of a common surname) and so do successive queries."""
    name = fold(raw_name)
    name_words = tuple(WORD.findall(name))
    return name, name_words, " ".join(name_words)


def _rank_key(words: list[str]) -> Callable[[tuple[int, str]], tuple[int, int, int, str, int]]:
    """Sort key: exact name, then names starting with the text, then names holding every word
    at a word's start, then by name. Worked out once per distinct name: the candidates of a
    common surname share a handful of names."""
    folded_query = " ".join(words)
    # a word begins a name's word where it follows the start or a space of the joined words
    # (words hold no space, so a match cannot run across two of them)
    starts = [re.compile("(?:^| )" + re.escape(word)) for word in words]
    by_name: dict[str, tuple[int, int, int, str]] = {}

    def key(candidate: tuple[int, str]) -> tuple[int, int, int, str, int]:
        customer_id, raw_name = candidate
        parts = by_name.get(raw_name)
        if parts is None:
            name, _name_words, joined = _name_parts(raw_name)
            in_name = all(start.search(joined) for start in starts)
            parts = by_name[raw_name] = (0 if joined == folded_query else 1,
                                         0 if name.startswith(folded_query) else 1,
                                         0 if in_name else 1, name)
        return (*parts, customer_id)

    return key


def ranked_ids(conn: sqlite3.Connection, ids: list[int], words: list[str]) -> list[int]:
    """The candidates, best name match first. Only id and name are read: of the 30-60
    candidates a lookup ranks, only the `limit` winners are then read whole."""
    found: list[tuple[int, str]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found += conn.execute(f"SELECT id, name FROM customers WHERE id IN "
                              f"({rows.placeholders(chunk)})", chunk).fetchall()
    return [customer_id for customer_id, _name in sorted(found, key=_rank_key(words))]


def unknown_words(conn: sqlite3.Connection, words: list[str]) -> set[str]:
    """The words (three letters or more) that begin no word of any name or company:
    customer_terms holds them all, so these are typos or words only the notes may hold.
    Worked out once per lookup and shared by name_ids and fuzzy_ids."""
    return {w for w in words if len(w) >= 3 and not _known_prefix(conn, w)}


def name_ids(conn: sqlite3.Connection, words: list[str], limit: int,
             unknown: set[str] | None = None) -> list[int]:
    """Names and companies holding every word as a prefix; notes only when none matched.
    A few times `limit` candidates, in index order, for ranking by name afterwards. Long
    words are tried as whole words first (cheap); as prefixes only if that found too few.
    (An anchored `^` starts-with query would scan a whole doclist when it finds little.)"""
    wanted = limit * 3
    if unknown is None:
        unknown = unknown_words(conn, words)
    if unknown:
        # A word that begins no word of any name or company (customer_terms holds them all):
        # no names query can match, only the notes can hold it. One cheap probe per such
        # word (usually the one mistyped) first; if any is nowhere, nothing can match and
        # the costly multi-word query is skipped (fuzzy comes next).
        if any(not _fts_ids(conn, "customers_fts", prefix_query([w]), 1) for w in unknown):
            return []
        return _fts_ids(conn, "customers_fts", prefix_query(words), wanted)
    names = "name company"
    ids: list[int] = []
    if any(len(w) > PREFIX_INDEX_MAX for w in words):
        ids = _fts_ids(conn, "customers_fts",
                       prefix_query(words, names, whole_long_words=True), wanted)
    if len(ids) < wanted:
        ids += _fts_ids(conn, "customers_fts", prefix_query(words, names), wanted)
    if not ids:  # notes
        ids = _fts_ids(conn, "customers_fts", prefix_query(words), wanted)
    return list(dict.fromkeys(ids))


TERM_CANDIDATES = 300  # vocabulary words compared with a mistyped word, at most


def _candidate_terms(conn: sqlite3.Connection, word: str) -> set[str]:
    """Vocabulary words that may be `word` mistyped: sharing a trigram (long words), or
    starting like it allowing for a swapped or dropped second letter (short words share no
    trigram with their typos: rsosi/rossi), of a similar length."""
    grams = {word[i:i + 3] for i in range(len(word) - 2)}
    query = " OR ".join(f'"{g}"' for g in sorted(grams))
    # Every term sharing a trigram, when there are few; ranking them by bm25 (which terms
    # share the most) costs 10-16 us a term, so only when there are too many to compare.
    sql = "SELECT term FROM customer_terms_fts WHERE customer_terms_fts MATCH ?"
    found = {r[0] for r in conn.execute(f"{sql} LIMIT ?", [query, TERM_CANDIDATES + 1])}
    if len(found) > TERM_CANDIDATES:
        found = {r[0] for r in conn.execute(f"{sql} ORDER BY rank LIMIT ?",
                                            [query, TERM_CANDIDATES])}
    for start in {word[:2], word[0] + word[2]}:
        found.update(r[0] for r in conn.execute(
            "SELECT term FROM customer_terms WHERE term >= ? AND term < ? "
            "AND length(term) BETWEEN ? AND ? LIMIT 400",
            [start, start + "\U0010ffff", len(word) - 2, len(word) + 2]))
    return found


def similar_terms(conn: sqlite3.Connection, word: str, limit: int = 6) -> list[str]:
    """Known name words within a small edit distance of `word`, closest first."""
    if len(word) < 3:
        return []
    bound = 1 if len(word) <= 4 else 2
    scored: list[tuple[int, str]] = []
    for term in _candidate_terms(conn, word):
        if abs(len(term) - len(word)) > bound and not term.startswith(word[:2]):
            continue
        # a typed word may be the start of a longer name: compare against that much of it
        distance = min(edit_distance(word, term, bound),
                       edit_distance(word, term[:len(word)], bound) + 1)
        if distance <= bound:
            scored.append((distance, term))
    scored.sort()
    return [term for _, term in scored[:limit]]


def _known_prefix(conn: sqlite3.Connection, word: str) -> bool:
    return conn.execute("SELECT 1 FROM customer_terms WHERE term >= ? AND term < ? LIMIT 1",
                        [word, word + "\U0010ffff"]).fetchone() is not None


def _known_term(conn: sqlite3.Connection, word: str) -> bool:
    return conn.execute("SELECT 1 FROM customer_terms WHERE term = ?",
                        [word]).fetchone() is not None


def fuzzy_ids(conn: sqlite3.Connection, words: list[str], limit: int,
              unknown: set[str] | None = None) -> list[int]:
    """Every word as typed or as a known word a typo away; words that already begin a known
    word are taken as typed (only the misspelt ones pay for the neighbour search).

    A misspelt word is replaced by its neighbours, not searched for as well: it begins no
    word of any name or company (customer_terms holds them all), so as a prefix it could
    only cost an index scan (0.3 ms for some at 1M customers). A misspelt word with no
    neighbour means no customer can match, and no full-text query runs at all.

    A correctly typed long word ("maria" in "maria tduor") is first matched whole: as a
    prefix without a prefix index, FTS5 merges the doclists of every word it begins, which
    costs ten times more (1.5-3.3 ms against 0.3 ms at 1M customers). Only when that finds
    fewer than `limit` customers does the prefix form run too."""
    if unknown is None:
        unknown = unknown_words(conn, words)
    typed: list[list[str]] = []
    whole: list[list[str]] = []
    for word in words:
        if word in unknown:
            options = [f'"{t}"' for t in similar_terms(conn, word)]
            if not options:
                return []
            typed.append(options)
            whole.append(options)
            continue
        typed.append([f'"{word}"*'])
        exact = len(word) > PREFIX_INDEX_MAX and _known_term(conn, word)
        whole.append([f'"{word}"'] if exact else typed[-1])
    if not unknown and all(len(word) > 1 for word in words):
        # every word is known as typed: these queries are the ones name_ids ran and found
        # nothing with ("maria rossi" when no Maria Rossi exists: 14 ms at 1M customers).
        # Not so with a lone letter: name_ids takes it as an initial (a whole word), here it
        # is a prefix, which is how "mario r" finds Mario Rossi while it is being typed.
        return []

    def query(groups: list[list[str]]) -> str:
        return "{name company} : (" + " AND ".join(
            "(" + " OR ".join(options) + ")" for options in groups) + ")"

    ids: list[int] = []
    if whole != typed:
        ids = _fts_ids(conn, "customers_fts", query(whole), limit * 3)
    if len(ids) < limit:
        ids = list(dict.fromkeys(ids + _fts_ids(conn, "customers_fts", query(typed),
                                                limit * 3)))
    return ids


def search_customers(conn: sqlite3.Connection, query: str, region: str,
                     limit: int) -> list[Customer]:
    text = query.strip()[:200]
    if not text or limit <= 0:
        return []
    ordered: list[int] = []
    code_like, phone_like, email_like = (looks_like_code(text), phones.looks_like_phone(text),
                                         "@" in text)
    if code_like:
        ordered += code_ids(conn, text, limit)
    if phone_like:
        ordered += phone_ids(conn, text, region, limit)
    if email_like:
        ordered += email_ids(conn, text, limit)
    words = words_of(text)
    # names for plain text; for codes and emails only when nothing matched them
    if words and not phone_like and (not ordered or not (code_like or email_like)):
        unknown = unknown_words(conn, words)
        ids = name_ids(conn, words, limit, unknown)
        if not ids and not ordered:
            ids = fuzzy_ids(conn, words, limit, unknown)
        ordered += ranked_ids(conn, ids, words)
    return rows.customers_by_ids(conn, list(dict.fromkeys(ordered))[:limit])


# ------------------------------------------------------------------------------ tickets
def search_ticket_ids(conn: sqlite3.Connection, query: str, limit: int) -> list[int]:
    text = query.strip()[:200]
    if not text or limit <= 0:
        return []
    found: list[int] = []
    ref = parse_ticket_ref(text)
    if ref is not None and conn.execute("SELECT 1 FROM tickets WHERE id = ?", [ref]).fetchone():
        found.append(ref)
    words = words_of(text)
    if words:
        match = prefix_query(words)
        found += [r[0] for r in conn.execute(
            "SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC "
            "LIMIT ?", [match, limit])]
        found += [r[0] for r in conn.execute(
            "SELECT DISTINCT e.ticket_id FROM ticket_entries_fts f "
            "JOIN ticket_entries e ON e.id = f.rowid WHERE ticket_entries_fts MATCH ? "
            "ORDER BY e.ticket_id DESC LIMIT ?", [match, limit])]
    return list(dict.fromkeys(found))[:limit]
