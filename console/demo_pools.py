"""The demo data files (data/demo/*.json) turned into flat lookup tables, once.

Generation of a million customers must stay cheap, so every weighted choice becomes an index
into a pre-expanded list (`table[int(random() * len(table))]`) and every ASCII-folded spelling
used for emails is computed here, not per row.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from console import paths

# how many slots a rank-weighted table gets; the most common name gets about 10x the rarest
_TABLE_SIZE = 2000
_NOT_MAILBOX = re.compile(r"[^a-z0-9.-]+")


def ascii_fold(text: str) -> str:
    """'Szűcs Gergő' → 'szucs gergo', 'Ștefan' → 'stefan', "D'Angelo" → "d'angelo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def mailbox_part(text: str) -> str:
    """A name as it appears in an email local part or a domain: ASCII, no spaces or quotes."""
    return _NOT_MAILBOX.sub("", ascii_fold(text).replace(" ", ""))


def rank_weighted(items: list[Any], size: int = _TABLE_SIZE) -> list[Any]:
    """Expand `items` (most common first) so that a uniform pick follows a Zipf-like curve."""
    weights = [1.0 / (rank + 8) for rank in range(len(items))]
    total = sum(weights)
    table: list[Any] = []
    for item, weight in zip(items, weights, strict=True):
        table.extend([item] * max(1, round(size * weight / total)))
    return table


def load_json(name: str) -> dict[str, Any]:
    with (paths.data_root() / "demo" / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class PhonePlan:
    prefix: str
    low: int
    high: int
    width: int

    @property
    def template(self) -> str:
        """printf-style: `template % value` is the E.164 number (one C call per number)."""
        return self.prefix.replace("%", "") + f"%0{self.width}d"

    @property
    def fast(self) -> tuple[str, int, int]:
        """(template, low, span) for the generator's inner loop."""
        return self.template, self.low, self.high - self.low

    def number(self, fraction: float) -> str:
        """The plan's number at `fraction` (0 ≤ f < 1) of its range, zero-padded."""
        return self.template % (self.low + int(fraction * (self.high - self.low)))


def _plans(raw: list[list[Any]]) -> tuple[PhonePlan, ...]:
    return tuple(PhonePlan(prefix, first * 10 ** (digits - 1), 10**digits, digits)
                 for prefix, digits, first in raw)


@dataclass(frozen=True)
class CountryPool:
    code: str  # ISO region as phonenumbers knows it: IT, HU, RO, GB
    language: str
    family_first: bool
    given: list[tuple[str, str]]  # (display, mailbox spelling), rank-weighted
    family: list[tuple[str, str]]
    cities: list[str]
    company_words: list[str]
    company_patterns: list[str]
    mail_domains: list[str]
    company_suffix: str
    mobile: tuple[PhonePlan, ...]
    fixed: tuple[PhonePlan, ...]

    def full_name(self, given: str, family: str) -> str:
        return f"{family} {given}" if self.family_first else f"{given} {family}"


@dataclass(frozen=True)
class Pools:
    countries: list[CountryPool]
    country_table: list[CountryPool]  # weighted by each country's share
    texts: dict[str, Any]
    directory: dict[str, Any]


def _interleave(first: list[str], second: list[str]) -> list[str]:
    """Male and female names alternated so both stay equally common at each rank."""
    out: list[str] = []
    for pair in zip(first, second, strict=False):
        out.extend(pair)
    longer = first if len(first) > len(second) else second
    out.extend(longer[len(out) // 2:])
    return out


@cache
def load_pools() -> Pools:
    people = load_json("people.json")["countries"]
    plans = load_json("phone_plans.json")
    countries: list[CountryPool] = []
    table: list[CountryPool] = []
    for code, spec in people.items():
        given = _interleave(spec["given_male"], spec["given_female"])
        pool = CountryPool(
            code=code,
            language=spec["language"],
            family_first=bool(spec["family_first"]),
            given=rank_weighted([(g, mailbox_part(g)) for g in given]),
            family=rank_weighted([(f, mailbox_part(f)) for f in spec["family"]]),
            cities=spec["cities"],
            company_words=spec["company_words"],
            company_patterns=spec["company_patterns"],
            mail_domains=spec["mail_domains"],
            company_suffix=spec["company_domain_suffix"],
            mobile=_plans(plans[code]["mobile"]),
            fixed=_plans(plans[code]["fixed"]),
        )
        countries.append(pool)
        table.extend([pool] * int(spec["share"]))
    return Pools(countries, table, load_json("texts.json"), load_json("directory.json"))
