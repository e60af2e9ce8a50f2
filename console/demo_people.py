"""Demo customers: realistic Italian, Hungarian, Romanian and British people and companies.

One `random.Random(seed)` drives everything, so the same seed gives the same customers.
Every choice is an index into a pre-built table (see console.demo_pools); phone numbers come
from number plans known to be valid, so nothing is validated per row (tests check samples).
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from console.demo_pools import Pools, mailbox_part

CODE_FORMAT = "C{:07d}"
PROGRESS_EVERY = 50_000
PEOPLE_TABLE_MAX = 1 << 16

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class CustomerFacts:
    """What later generators (tickets, calls) need to know of each customer, kept compact."""

    country: bytearray = field(default_factory=bytearray)  # index into Pools.countries
    vip: bytearray = field(default_factory=bytearray)
    first_phone: list[str] = field(default_factory=list)
    phone_count: array = field(default_factory=lambda: array("B"))

    def __len__(self) -> int:
        return len(self.country)


def customer_code(index: int) -> str:
    return CODE_FORMAT.format(index)


class _CompanyDomains:
    """Company name → mail domain, memoised (a few thousand distinct companies per country)."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def __call__(self, company: str, suffix: str) -> str:
        domain = self._cache.get(company)
        if domain is None:
            words = company.replace("&", " ").split()[:3]
            domain = "-".join(mailbox_part(w) for w in words if mailbox_part(w).strip(".-"))
            domain = domain.replace(".", "") + suffix
            self._cache[company] = domain
        return domain


def _people_table(pools: Pools, rng: random.Random, count: int,
                  ) -> list[tuple[Any, ...]]:
    """Distinct people to draw from: (pool, full name, family name, mailbox spellings, the
    country's mobile and fixed number plans as (template, low, span)).

    Drawing a prepared person costs one random number instead of three; up to 2**16 of them
    keeps a million customers varied (common names repeat, as they do in real lists).
    """
    size = min(PEOPLE_TABLE_MAX, max(1024, count))
    r = rng.random
    table = pools.country_table
    plans = {pool.code: (tuple(p.fast for p in pool.mobile), tuple(p.fast for p in pool.fixed))
             for pool in pools.countries}
    people = []
    for _ in range(size):
        pool = table[int(r() * len(table))]
        given, given_mail = pool.given[int(r() * len(pool.given))]
        family, family_mail = pool.family[int(r() * len(pool.family))]
        people.append((pool, pool.full_name(given, family), family, given_mail, family_mail,
                       plans[pool.code][0], plans[pool.code][1]))
    return people


def customer_rows(pools: Pools, seed: int, count: int, facts: CustomerFacts,
                  progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """Yield `count` customer rows (CustomerDraft fields plus `code`), filling `facts`."""
    rng = random.Random(seed)
    r = rng.random
    country_index = {pool.code: i for i, pool in enumerate(pools.countries)}
    texts = pools.texts
    notes_by_lang: dict[str, list[str]] = texts["customer_notes"]
    tag_spec = texts["tags"]
    vip_share: float = tag_spec["vip_share"]
    company_tag: str = tag_spec["company"]
    optional_tags: list[tuple[str, float]] = []
    running = 0.0
    for tag, share in tag_spec["optional"]:
        running += share
        optional_tags.append((tag, running))
    domains = _CompanyDomains()
    facts_country, facts_vip = facts.country, facts.vip
    facts_phone, facts_phone_count = facts.first_phone, facts.phone_count

    people = _people_table(pools, rng, count)
    n_people = len(people)
    for index in range(1, count + 1):
        pool, name, family, given_mail, family_mail, mobiles, fixeds = people[
            int(r() * n_people)]

        company = None
        if r() < 0.28:
            pattern = pool.company_patterns[int(r() * len(pool.company_patterns))]
            company = pattern.format(
                family=family,
                family2=pool.family[int(r() * len(pool.family))][0],
                word=pool.company_words[int(r() * len(pool.company_words))],
                city=pool.cities[int(r() * len(pool.cities))],
            )

        kind = r()
        if kind < 0.90:
            template, low, span = mobiles[int(r() * len(mobiles))]
            mobile = template % (low + int(r() * span))
        if kind >= 0.62:
            template, low, span = fixeds[int(r() * len(fixeds))]
            fixed = template % (low + int(r() * span))
        if kind < 0.62:
            phones = [mobile]
        elif kind < 0.90:
            phones = [fixed, mobile] if company else [mobile, fixed]
        else:
            phones = [fixed]

        email = None
        if r() < 0.82:
            if company and r() < 0.6:
                email = f"{given_mail[0]}.{family_mail}@{domains(company, pool.company_suffix)}"
            else:
                variant = int(r() * 4)
                if variant == 0:
                    local = f"{given_mail}.{family_mail}"
                elif variant == 1:
                    local = f"{given_mail[0]}.{family_mail}"
                elif variant == 2:
                    local = f"{given_mail}{family_mail}{int(r() * 100):02d}"
                else:
                    local = f"{family_mail}.{given_mail}{int(r() * 50) + 50}"
                email = f"{local}@{pool.mail_domains[int(r() * len(pool.mail_domains))]}"

        tags: list[str] = []
        vip = r() < vip_share
        if vip:
            tags.append("VIP")
        if company:
            tags.append(company_tag)
        pick = r()
        for tag, upto in optional_tags:
            if pick < upto:
                tags.append(tag)
                break

        notes = ""
        if r() < 0.1:
            lang_notes = notes_by_lang[pool.language]
            notes = lang_notes[int(r() * len(lang_notes))]

        facts_country.append(country_index[pool.code])
        facts_vip.append(vip)
        facts_phone.append(phones[0])
        facts_phone_count.append(len(phones))
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress("customers", index, count)
        yield {
            "code": CODE_FORMAT.format(index),
            "name": name,
            "company": company,
            "phones": phones,
            "email": email,
            "language": pool.language,
            "tags": tags,
            "consent": {"marketing": r() < 0.45, "recording": r() < 0.7},
            "notes": notes,
        }
    if progress is not None:
        progress("customers", count, count)
