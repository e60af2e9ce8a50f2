"""Synthetic but realistic-looking customers for the SQLite benchmarks (not the seeder).

Deterministic for a seed: Italian, Hungarian, Romanian and British names, companies, valid
E.164 numbers (mobiles and landlines of the four countries), emails derived from the name.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from typing import Any

FIRST = {
    "it": ["Marco", "Giulia", "Luca", "Francesca", "Alessandro", "Chiara", "Giuseppe", "Sara",
           "Matteo", "Elena", "Davide", "Valentina", "Stefano", "Federica", "Andrea", "Paola",
           "Lorenzo", "Martina", "Simone", "Silvia", "Antonio", "Roberta", "Paolo", "Anna"],
    "hu": ["László", "Katalin", "István", "Erzsébet", "József", "Éva", "Zoltán", "Ildikó",
           "Gábor", "Zsuzsanna", "Péter", "Judit", "Attila", "Krisztina", "Tamás", "Ágnes"],
    "ro": ["Andrei", "Ioana", "Mihai", "Elena", "Alexandru", "Maria", "Ștefan", "Ana",
           "Gheorghe", "Cristina", "Bogdan", "Raluca", "Vlad", "Diana", "Radu", "Mihaela"],
    "en": ["James", "Olivia", "Oliver", "Amelia", "George", "Isla", "Harry", "Emily",
           "Jack", "Sophie", "Thomas", "Grace", "William", "Charlotte", "Daniel", "Lucy"],
}
LAST = {
    "it": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
           "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
           "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
           "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone"],
    "hu": ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh",
           "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh",
           "Simon", "Rácz", "Fekete"],
    "ro": ["Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica",
           "Gheorghe", "Matei", "Ciobanu", "Rusu", "Munteanu", "Constantin", "Marin",
           "Tudor", "Dobre", "Barbu", "Nistor", "Florea"],
    "en": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
           "Hall", "Wood", "Jackson", "Clarke"],
}
COMPANY_WORDS = ["Tecno", "Servizi", "Impianti", "Logistica", "Consulting", "Trade", "Agro",
                 "Energia", "Costruzioni", "Software", "Medical", "Foods", "Textil", "Auto",
                 "Transport", "Digital", "Print", "Casa", "Green", "Nord", "Sud", "Delta"]
COMPANY_SUFFIX = {"it": ["S.r.l.", "S.p.A.", "S.n.c."], "hu": ["Kft.", "Zrt.", "Bt."],
                  "ro": ["S.R.L.", "S.A."], "en": ["Ltd", "PLC", "LLP"]}
DOMAINS = ["example.com", "example.org", "mail.example.net", "posta.example.it"]
TAGS = ["VIP", "B2B", "new", "reseller", "late-payer", "newsletter"]
COUNTRY = ["it"] * 5 + ["hu"] * 2 + ["ro"] * 2 + ["en"]


def phone(rng: random.Random, lang: str) -> str:
    """A valid E.164 number of the customer's country."""
    if lang == "it":
        if rng.random() < 0.6:
            return f"+393{rng.choice('2456789')}{rng.randrange(10**8):08d}"
        return f"+3906{rng.randrange(10**7, 10**8):08d}"
    if lang == "hu":
        return f"+36{rng.choice(['20', '30', '70'])}{rng.randrange(10**7):07d}"
    if lang == "ro":
        return f"+407{rng.choice('2345')}{rng.randrange(10**7):07d}"
    return f"+447{rng.choice('45789')}{rng.randrange(10**8):08d}"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def customers(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for index in range(count):
        lang = rng.choice(COUNTRY)
        first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
        name = f"{first} {last}" if lang != "hu" else f"{last} {first}"
        company = None
        if rng.random() < 0.3:
            company = (f"{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS).lower()} "
                       f"{rng.choice(COMPANY_SUFFIX[lang])}")
        numbers = [phone(rng, lang) for _ in range(1 if rng.random() < 0.6 else 2)]
        email = f"{_ascii(first).lower()}.{_ascii(last).lower()}{index}@{rng.choice(DOMAINS)}"
        yield {
            "name": name, "company": company, "phones": numbers, "email": email,
            "language": lang, "tags": [rng.choice(TAGS)] if rng.random() < 0.1 else [],
            "consent": {"marketing": rng.random() < 0.4, "recording": rng.random() < 0.8},
            "notes": "" if rng.random() < 0.7 else f"Cliente dal {2000 + index % 25}",
        }
