"""The demo generator on its own (no store): valid numbers, plausible people, determinism."""

from __future__ import annotations

import itertools
import random
import re
from datetime import UTC, datetime

import phonenumbers
import pytest

from backends.customers.inputs import CustomerDraft
from backends.people.models import PERSON_ROLES, DirectoryEntry, Operator
from console.demo_activity import call_rows, ticket_rows
from console.demo_data import directory_rows, operator_rows
from console.demo_people import CustomerFacts, customer_rows
from console.demo_pools import ascii_fold, load_pools

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
REGION_OF_LANGUAGE = {"it": "IT", "hu": "HU", "ro": "RO", "en": "GB"}
EMAIL = re.compile(r"^[a-z0-9.'-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")


def customers(count: int, seed: int = 1) -> tuple[list[dict], CustomerFacts]:
    facts = CustomerFacts()
    return list(customer_rows(load_pools(), seed, count, facts)), facts


def test_every_number_plan_yields_valid_numbers_of_its_country_and_kind() -> None:
    rng = random.Random(11)
    for pool in load_pools().countries:
        for kind, plans in (("mobile", pool.mobile), ("fixed", pool.fixed)):
            for plan in plans:
                for _ in range(40):
                    number = phonenumbers.parse(plan.number(rng.random()))
                    assert phonenumbers.is_valid_number(number), (plan, number)
                    assert phonenumbers.region_code_for_number(number) == pool.code
                    kind_found = phonenumbers.number_type(number)
                    wanted = ({phonenumbers.PhoneNumberType.MOBILE} if kind == "mobile" else
                              {phonenumbers.PhoneNumberType.FIXED_LINE,
                               phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})
                    assert kind_found in wanted, (plan, number, kind_found)


def test_a_thousand_generated_numbers_are_valid_e164_of_the_customers_country() -> None:
    rows, _facts = customers(900, seed=5)
    numbers = [(row["language"], n) for row in rows for n in row["phones"]][:1000]
    assert len(numbers) == 1000
    for language, text in numbers:
        parsed = phonenumbers.parse(text)
        assert phonenumbers.is_valid_number(parsed), text
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == text
        assert phonenumbers.region_code_for_number(parsed) == REGION_OF_LANGUAGE[language]


def test_same_seed_same_customers_other_seed_other_customers() -> None:
    first, _ = customers(500, seed=42)
    again, _ = customers(500, seed=42)
    other, _ = customers(500, seed=43)
    assert first == again
    assert first != other
    assert [r["code"] for r in first[:3]] == ["C0000001", "C0000002", "C0000003"]


def test_customers_pass_the_domain_model_and_look_like_real_people() -> None:
    rows, facts = customers(4000, seed=3)
    for row in rows[:400]:
        CustomerDraft.model_validate(row)  # raises on anything the store would refuse
    languages = {row["language"] for row in rows}
    assert languages == {"it", "hu", "ro", "en"}
    names = " ".join(row["name"] for row in rows)
    for letter in "őűáéșțăâî":  # Hungarian and Romanian diacritics actually appear
        assert letter in names.lower(), letter
    for row in rows:
        if row["email"]:
            assert EMAIL.match(row["email"]), row["email"]
            assert row["email"].isascii()
    vip = sum("VIP" in row["tags"] for row in rows)
    assert 20 <= vip <= 140  # about 2 %
    with_company = [row for row in rows if row["company"]]
    assert 0.15 < len(with_company) / len(rows) < 0.4
    assert all("B2B" in row["tags"] for row in with_company)
    suffixes = {"it": ("S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "Associati"),
                "hu": ("Kft.", "Zrt.", "Bt."), "ro": ("S.R.L.", "S.A."),
                "en": ("Ltd", "LLP", "plc")}
    for row in with_company:
        assert row["company"].endswith(suffixes[row["language"]]), row
    assert len(facts) == len(rows)
    assert any(row["notes"] for row in rows)
    assert {True, False} == {row["consent"]["marketing"] for row in rows}


def test_hungarian_names_are_family_name_first() -> None:
    pools = load_pools()
    hungary = next(p for p in pools.countries if p.code == "HU")
    families = {family for family, _mail in hungary.family}
    rows, _ = customers(600, seed=9)
    hungarians = [row["name"] for row in rows if row["language"] == "hu"]
    assert hungarians
    assert all(name.split(" ")[0] in families for name in hungarians)


def test_emails_are_ascii_folded_from_the_name() -> None:
    assert ascii_fold("Szűcs Gergő") == "szucs gergo"
    assert ascii_fold("Ștefan Țurcanu") == "stefan turcanu"
    rows, _ = customers(3000, seed=2)
    folded_hits = 0
    for row in rows:
        if row["email"] and not row["company"]:
            words = ascii_fold(row["name"]).replace("'", "").replace("-", "").split()
            local = row["email"].split("@")[0]
            assert any(word.replace(" ", "") in local.replace("-", "") for word in words), row
            folded_hits += not row["name"].isascii()
    assert folded_hits > 50


def test_tickets_have_chronological_histories_that_match_their_state() -> None:
    _rows, facts = customers(300, seed=4)
    tickets = list(ticket_rows(load_pools(), 4, 200, facts, 1, NOW))
    assert len(tickets) == 200
    assert {t["status"] for t in tickets} == {"new", "open", "pending", "resolved", "closed"}
    assert {t["tier"] for t in tickets} == {1, 2, 3}
    for ticket in tickets:
        entries = ticket["entries"]
        times = [e["created_at"] for e in entries]
        assert times == sorted(times) and times[-1] <= NOW
        assert ticket["created_at"] <= ticket["updated_at"] <= NOW
        assert entries[0]["kind"] == "note"
        escalations = [e for e in entries if e["body"].startswith("Escalated to tier")]
        assert len(escalations) == ticket["tier"] - 1
        if ticket["customer_id"] is not None:
            assert 1 <= ticket["customer_id"] <= 300
    kinds = {e["kind"] for t in tickets for e in t["entries"]}
    assert kinds == {"note", "reply", "call_log", "system"}


def test_past_calls_are_finished_and_consistent() -> None:
    rows, facts = customers(300, seed=4)
    calls = list(call_rows(load_pools(), 4, 400, facts, 1, NOW))
    assert {c["state"] for c in calls} == {"done", "abandoned", "transferred"}
    today = [c for c in calls if c["arrived_at"].date() == NOW.date()]
    assert today  # the wallboard has something for today
    for call in calls:
        assert call["arrived_at"] <= call["ended_at"] <= NOW
        if call["state"] == "abandoned":
            assert call["answered_at"] is None and call.get("disposition") is None
        else:
            assert call["arrived_at"] <= call["answered_at"] <= call["ended_at"]
            assert call["disposition"] and call["operator"]
        if call["customer_id"] is not None:
            assert call["caller"] in rows[call["customer_id"] - 1]["phones"]
    arrivals = [c["arrived_at"] for c in calls]
    assert arrivals == sorted(arrivals)


def test_directory_and_operators_cover_a_real_switchboard() -> None:
    pools = load_pools()
    entries = [DirectoryEntry(**row) for row in directory_rows(pools, 1)]
    departments = {e.name for e in entries if e.kind == "department"}
    assert {"Sales", "Billing", "Technical Support", "Complaints", "Reception"} <= departments
    assert all(e.notes for e in entries if e.kind == "department")
    people = [e for e in entries if e.kind == "person"]
    assert len(people) >= 15 and all(e.extension and e.department in departments
                                     for e in people)
    assert len({e.presence for e in people}) >= 3
    assert [e for e in entries if e.kind == "queue"]
    assert all(e.number for e in entries if e.kind == "external")
    operators = [Operator(**row) for row in operator_rows(pools)]
    assert {op.role for op in operators} == set(PERSON_ROLES)  # every role but a program's


@pytest.mark.parametrize("count", [0, 1, 7])
def test_small_counts(count: int) -> None:
    rows, facts = customers(count)
    assert len(rows) == len(facts) == count
    assert len(list(itertools.islice(call_rows(load_pools(), 1, 5, facts, 1, NOW), 10))) == 5


@pytest.mark.parametrize(("language", "sales", "queue"), [
    ("en", "New contracts", "Sales line"), ("it", "Nuovi contratti", "Linea vendite"),
    ("hu", "Új szerződések", "Értékesítési vonal"), ("ro", "Contracte noi", "Linia de vânzări")])
def test_the_directory_notes_are_in_the_operators_language(language: str, sales: str,
                                                           queue: str) -> None:
    """Issue 16 item 7: the demo speaks the operator's language, its directory too."""
    from backends.i18n import activate
    from console.language import activate_language

    activate_language(language)
    try:
        entries = {row["name"]: row["notes"] for row in directory_rows(load_pools(), 1)}
    finally:
        activate("en", None)
    assert sales in entries["Sales"]
    assert queue in entries["sales"]
