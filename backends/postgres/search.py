"""Customer and ticket search on PostgreSQL, with the results of the SQLite store's search
(backends/sqlite/search.py, whose pure text helpers it shares): the same words, the same
candidates, the same ranking (docs/ARCHITECTURE.md).

Full text: `tsvector`s over lower-cased, unaccented text (schema.py `centralino_fold`), names
and companies weighted A and notes B in one GIN index, queried with `to_tsquery('simple')`
built from words of letters and digits only, so user text is never tsquery syntax. Typos:
the words of names and companies (`customer_terms`) are found by shared trigrams through
pg_trgm's GIN index and kept within a small edit distance, as on SQLite. Phones: E.164 exact
and prefix ranges, and suffixes through the reversed digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from backends import phones
from backends.customers.models import Customer
from backends.postgres import rows
from backends.postgres.connection import Conn
from backends.search_text import (
    edit_distance,
    fold,
    looks_like_code,
    phone_candidates,
    words_of,
)
from backends.tickets.models import parse_ticket_ref

TOP = "\U0010ffff"  # every stored character sorts below it: low..low+TOP is a prefix range
TERM_CANDIDATES = 300
_WORD = re.compile(r"[^\W_]+")
_UNSAFE = re.compile(r"[&|!():*<>'\\\s]+")


def _ids(conn: Conn, sql: str, params: list[object]) -> list[int]:
    return [next(iter(r.values())) for r in conn.execute(sql, params)]


def _range(conn: Conn, sql: str, low: str, limit: int) -> list[int]:
    return _ids(conn, sql, [low, low + TOP, limit])


def folded(conn: Conn, words: Iterable[str]) -> dict[str, str]:
    """Each word as the index folds it (unaccent may differ from Python's fold: ß → ss),
    made safe for tsquery text. Words of plain ASCII letters and digits, which unaccent
    leaves alone, cost no round trip."""
    wanted = list(dict.fromkeys(words))
    if not wanted:
        return {}
    if all(w.isascii() and w.isalnum() for w in wanted):
        return {w: w.lower() for w in wanted}
    row = conn.execute("SELECT array_agg(centralino_fold(w) ORDER BY n) AS f "
                       "FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, n)",
                       [wanted]).fetchone()
    done = row["f"] if row and row["f"] else wanted
    return {w: " ".join(_UNSAFE.split(f)).strip() for w, f in zip(wanted, done, strict=True)}


def _term(word: str, prefix: bool, weight: str) -> str:
    """One tsquery term; a folded word that became several is all of them."""
    parts = [p for p in word.split() if p]
    if not parts:
        return ""
    star = ":*" if prefix else ":"
    terms = [f"'{p}'{star}{weight}" if (prefix or weight) else f"'{p}'" for p in parts]
    return " & ".join(terms) if len(terms) == 1 else "(" + " & ".join(terms) + ")"


def _match(conn: Conn, query: str, limit: int) -> list[int]:
    if not query:
        return []
    # in table order, as SQLite's full-text index gives rowids: the first `limit` found, not
    # every match sorted (a common surname matches thousands at a million customers)
    return _ids(conn, "SELECT id FROM customers WHERE search @@ to_tsquery('simple', %s) "
                      "LIMIT %s", [query, limit])


def _found(conn: Conn, query: str, limit: int) -> list[rows.Row]:
    """`_match`'s customers read whole in the same statement: the candidates' rows were a
    second round trip of every search."""
    if not query:
        return []
    return conn.execute(
        f"SELECT {rows.columns('customers')} FROM customers "
        "WHERE search @@ to_tsquery('simple', %s) LIMIT %s", [query, limit]).fetchall()


def prefix_query(conn: Conn, words: list[str], names_only: bool) -> str:
    """Every word as a prefix (a lone letter as a whole word: an initial)."""
    weight = "A" if names_only else ""
    f = folded(conn, words)
    return " & ".join(t for w in words if (t := _term(f[w], len(w) > 1, weight)))


# ------------------------------------------------------------------------------ customers
def phone_ids(conn: Conn, text: str, region: str, limit: int) -> list[int]:
    exact, prefixes = phone_candidates(text, region)
    found: list[int] = []
    if exact:
        found += exact_phone_ids(conn, exact)
    for prefix in prefixes:
        if len(found) >= limit:
            break
        found += _range(conn, "SELECT customer_id FROM customer_phones "
                              "WHERE e164 >= %s AND e164 < %s ORDER BY e164 LIMIT %s",
                        prefix, limit)
    digits = re.sub(r"\D", "", text)
    if len(found) < limit and len(digits) >= 4:
        found += _range(conn, "SELECT customer_id FROM customer_phones "
                              "WHERE rev >= %s AND rev < %s ORDER BY rev LIMIT %s",
                        digits[::-1], limit)
    return found


def exact_phone_ids(conn: Conn, e164: str) -> list[int]:
    return _ids(conn, "SELECT customer_id FROM customer_phones WHERE e164 = %s "
                      "ORDER BY customer_id", [e164])


def email_ids(conn: Conn, text: str, limit: int) -> list[int]:
    needle = text.strip().lower()
    found = _ids(conn, "SELECT id FROM customers WHERE email = %s ORDER BY id LIMIT %s",
                 [needle, limit])
    if needle and not needle.startswith("@"):
        found += _range(conn, "SELECT id FROM customers WHERE email >= %s AND email < %s "
                              "ORDER BY email LIMIT %s", needle, limit)
    return found


def code_ids(conn: Conn, text: str, limit: int) -> list[int]:
    code = text.strip().upper()
    found = _ids(conn, "SELECT id FROM customers WHERE code = %s", [code])
    if any(c.isalpha() for c in code):
        found += _range(conn, "SELECT id FROM customers WHERE code >= %s AND code < %s "
                              "ORDER BY code LIMIT %s", code, limit)
    return found


def rank_key(words: list[str]) -> Callable[[tuple[int, str]], tuple[int, int, int, str, int]]:
    """Exact name, then names starting with the text, then names holding every word at a
    word's start, then by name (as backends/sqlite/search.py ranks)."""
    query = " ".join(words)
    starts = [re.compile("(?:^| )" + re.escape(word)) for word in words]

    def key(candidate: tuple[int, str]) -> tuple[int, int, int, str, int]:
        customer_id, raw_name = candidate
        name = fold(raw_name)
        joined = " ".join(_WORD.findall(name))
        return (0 if joined == query else 1, 0 if name.startswith(query) else 1,
                0 if all(s.search(joined) for s in starts) else 1, name, customer_id)

    return key


def ranked(candidates: list[rows.Row], words: list[str], limit: int) -> list[Customer]:
    """The first `limit` candidates (read whole by the search's own statement: a few dozen
    rows, fewer round trips matter more than bytes on a busy machine), best name match
    first. Ranked as rows, so only the customers answered are built (models of the three
    times as many candidates were a tenth of a server's CPU under the load mix)."""
    key = rank_key(words)
    best = sorted(candidates, key=lambda r: key((r["id"], r["name"])))[:max(limit, 0)]
    return [rows.customer(r) for r in best]


def unknown_words(conn: Conn, words: list[str]) -> set[str]:
    """Words (three letters or more) that begin no word of any name or company: one query
    for all of them."""
    wanted = [w for w in dict.fromkeys(words) if len(w) >= 3]
    if not wanted:
        return set()
    return {r["w"] for r in conn.execute(
        "SELECT w FROM unnest(%s::text[]) AS w WHERE NOT EXISTS (SELECT 1 FROM customer_terms "
        "WHERE term >= w COLLATE \"C\" AND term < (w || %s) COLLATE \"C\")", [wanted, TOP])}


def name_rows(conn: Conn, words: list[str], limit: int,
              unknown: set[str]) -> list[rows.Row]:
    """Names and companies holding every word as a prefix; notes only when none matched."""
    wanted = limit * 3
    if unknown:
        # is each unknown word in some notes? Asked with the usual limit, not LIMIT 1: for a
        # prefix the planner guesses ~130 matches, so LIMIT 1 made it read the whole table
        # expecting one soon, 0.3-0.6 s at a million customers when there is none (the typo
        # lookup's whole cost); with a few dozen it takes the index, under 2 ms either way
        if any(not _match(conn, prefix_query(conn, [w], False), wanted) for w in unknown):
            return []
        return _found(conn, prefix_query(conn, words, False), wanted)
    found = _found(conn, prefix_query(conn, words, True), wanted)
    if not found:
        found = _found(conn, prefix_query(conn, words, False), wanted)
    return found


def similar_terms(conn: Conn, word: str, limit: int = 6) -> list[str]:
    """Known name words within a small edit distance of `word`, closest first: candidates
    share a trigram with it (pg_trgm's index answers LIKE '%abc%') or start like it allowing
    for a swapped or dropped second letter."""
    if len(word) < 3:
        return []
    grams = sorted({word[i:i + 3] for i in range(len(word) - 2)})
    likes = " OR ".join(["term LIKE %s"] * len(grams))
    # every term sharing a trigram when there are few; when there are too many to compare
    # (a common trigram at a million customers), the most similar ones pg_trgm's index finds
    found = {r["term"] for r in conn.execute(
        f"SELECT term FROM customer_terms WHERE {likes} LIMIT %s",
        [*(f"%{g}%" for g in grams), TERM_CANDIDATES + 1])}
    if len(found) > TERM_CANDIDATES:
        found = {r["term"] for r in conn.execute(
            "SELECT term FROM customer_terms WHERE term %% %s "
            "ORDER BY similarity(term, %s) DESC, term LIMIT %s",
            [word, word, TERM_CANDIDATES])}
    for start in {word[:2], word[0] + word[2]}:
        found.update(r["term"] for r in conn.execute(
            "SELECT term FROM customer_terms WHERE term >= %s AND term < %s "
            "AND length(term) BETWEEN %s AND %s LIMIT 400",
            [start, start + TOP, len(word) - 2, len(word) + 2]))
    bound = 1 if len(word) <= 4 else 2
    scored: list[tuple[int, str]] = []
    for term in found:
        if abs(len(term) - len(word)) > bound and not term.startswith(word[:2]):
            continue
        distance = min(edit_distance(word, term, bound),
                       edit_distance(word, term[:len(word)], bound) + 1)
        if distance <= bound:
            scored.append((distance, term))
    scored.sort()
    return [term for _, term in scored[:limit]]


def fuzzy_rows(conn: Conn, words: list[str], limit: int,
               unknown: set[str]) -> list[rows.Row]:
    """Every word as typed (a prefix) or, when misspelt, as one of its known neighbours."""
    if not unknown and all(len(word) > 1 for word in words):
        return []  # the queries name_rows ran and found nothing with
    groups: list[list[str]] = []
    for word in words:
        if word in unknown:
            options = similar_terms(conn, word)
            if not options:
                return []
            groups.append([_term(t, False, "A") for t in folded(conn, options).values()])
        else:
            groups.append([_term(folded(conn, [word])[word], True, "A")])
    query = " & ".join("(" + " | ".join(o for o in options if o) + ")" for options in groups
                       if any(options))
    return _found(conn, query, limit * 3)


def quick_words(query: str, limit: int) -> list[str] | None:
    """The words of a search `quick_names` can answer, or None: type-ahead's usual text,
    words of plain letters and digits (no code, phone or address, nothing unaccent must
    fold: `folded` needs no round trip)."""
    text = query.strip()[:200]
    if (not text or limit <= 0 or looks_like_code(text) or phones.looks_like_phone(text)
            or "@" in text):
        return None
    words = words_of(text)
    if not words or not all(w.isascii() and w.isalnum() for w in words):
        return None
    return words


def quick_names(conn: Conn, words: list[str], limit: int) -> list[Customer] | None:
    """Type-ahead's usual search (`quick_words`: names that hold every word) in ONE
    statement, so it needs no transaction (PgStore.statement_sync): the unknown-word check
    of `search_customers` and its match on names, the match running only when every word is
    known. It was four round trips (BEGIN, the check, the match, COMMIT), more than any
    other request of the load mix. None when the search needs more than that (an unknown
    word, no name matched): then `search_customers` answers, as it always did."""
    match = prefix_query(conn, words, True)
    if not match:
        return None
    checked = [w for w in dict.fromkeys(words) if len(w) >= 3]
    found = conn.execute(
        "SELECT u.unknown, c.* FROM (SELECT EXISTS (SELECT FROM unnest(%s::text[]) AS w "
        "WHERE NOT EXISTS (SELECT FROM customer_terms WHERE term >= w COLLATE \"C\" "
        "AND term < (w || %s) COLLATE \"C\"))) AS u(unknown) LEFT JOIN LATERAL ("
        f"SELECT {rows.columns('customers')} FROM customers WHERE NOT u.unknown "
        "AND search @@ to_tsquery('simple', %s) LIMIT %s) AS c ON true",
        [checked, TOP, match, limit * 3]).fetchall()
    if not found or found[0]["unknown"] or found[0]["id"] is None:
        return None
    return ranked(list({r["id"]: r for r in found}.values()), words, limit)


def search_customers(conn: Conn, query: str, region: str, limit: int) -> list[Customer]:
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
    by_name: list[Customer] = []
    if words and not phone_like and (not ordered or not (code_like or email_like)):
        unknown = unknown_words(conn, words)
        found = name_rows(conn, words, limit, unknown)
        if not found and not ordered:
            found = fuzzy_rows(conn, words, limit, unknown)
        seen = set(ordered)
        by_name = ranked(list({r["id"]: r for r in found if r["id"] not in seen}.values()),
                         words, limit)
    first = rows.customers_by_ids(conn, list(dict.fromkeys(ordered))[:limit])
    return [*first, *by_name][:limit]


# ------------------------------------------------------------------------------ tickets
def search_ticket_ids(conn: Conn, query: str, limit: int) -> list[int]:
    text = query.strip()[:200]
    if not text or limit <= 0:
        return []
    found: list[int] = []
    ref = parse_ticket_ref(text)
    if ref is not None and rows.exists(conn, "tickets", ref):
        found.append(ref)
    words = words_of(text)
    match = prefix_query(conn, words, False) if words else ""
    if match:
        found += _ids(conn, "SELECT id FROM tickets WHERE search @@ to_tsquery('simple', %s) "
                            "ORDER BY id DESC LIMIT %s",
                      [match, limit])
        found += _ids(conn, "SELECT DISTINCT ticket_id FROM ticket_entries "
                            "WHERE search @@ to_tsquery('simple', %s) "
                            "ORDER BY ticket_id DESC LIMIT %s", [match, limit])
    return list(dict.fromkeys(found))[:limit]
