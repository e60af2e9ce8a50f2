"""`centralino db init / seed / check / backup` and the seed_demo API on real SQLite files."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import phonenumbers

from backends.sqlite import SqliteBackend
from console import demo_people
from console.demo_data import seed_demo
from tests.cli.conftest import NOW, Invoke, assert_clean_failure

REGION_OF_LANGUAGE = {"it": "IT", "hu": "HU", "ro": "RO", "en": "GB"}


def export(invoke: Invoke, what: str, fmt: str, url: str | None = None) -> str:
    result = invoke("db", "export", "--what", what, "--format", fmt, url=url)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_init_creates_the_file_and_says_where(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("db", "init")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "store.db"
    assert path.exists()
    assert str(path) in result.stdout
    again = invoke("db", "init")  # idempotent
    assert again.exit_code == 0 and str(path) in again.stdout


def test_init_defaults_to_the_platform_data_dir(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from console.cli import cli
    from console.paths import default_database

    result = CliRunner().invoke(cli, ["db", "init"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert default_database().exists()
    assert str(default_database()) in result.stdout


def test_seed_counts_and_realistic_rows(invoke: Invoke) -> None:
    result = invoke("db", "seed", "--customers", "240", "--calls", "35", "--tickets", "12",
                    "--seed", "3", "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert "240 customers, 12 tickets, 35 calls" in result.stdout
    customers = list(csv.DictReader(io.StringIO(export(invoke, "customers", "csv"))))
    tickets = json.loads(export(invoke, "tickets", "json"))
    calls = json.loads(export(invoke, "calls", "json"))
    assert (len(customers), len(tickets), len(calls)) == (240, 12, 35)
    for row in customers:
        for number in row["phones"].split(";"):
            parsed = phonenumbers.parse(number)
            assert phonenumbers.is_valid_number(parsed), number
            assert phonenumbers.region_code_for_number(parsed) == \
                REGION_OF_LANGUAGE[row["language"]]
        assert row["email"] == "" or ("@" in row["email"] and row["email"].isascii())
    assert all(len(t["entries"]) >= 1 for t in tickets)
    assert {c["state"] for c in calls} <= {"done", "abandoned", "transferred"}


def test_same_seed_gives_identical_exports(invoke: Invoke, tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db", "c.db")]
    for url, seed in zip(urls, ("7", "7", "8"), strict=True):
        result = invoke("db", "seed", "--customers", "150", "--seed", seed, "--now", NOW,
                        url=url)
        assert result.exit_code == 0, result.stderr
    for what in ("customers", "tickets", "calls"):
        first, second, other = (export(invoke, what, "json", url) for url in urls)
        assert first == second, what
        assert first != other, what


def test_seeding_twice_is_refused_clearly(invoke: Invoke) -> None:
    assert invoke("db", "seed", "--customers", "5").exit_code == 0
    assert_clean_failure(invoke("db", "seed", "--customers", "5"), "already holds demo")


def test_seed_rejects_a_bad_now(invoke: Invoke) -> None:
    assert_clean_failure(invoke("db", "seed", "--customers", "5", "--now", "yesterday"),
                         "--now")


async def test_seed_demo_api_links_calls_and_tickets_to_the_right_people(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(demo_people, "PROGRESS_EVERY", 40)
    seen: list[tuple[str, int, int]] = []
    backend = SqliteBackend(tmp_path / "api.db")
    await backend.open()
    try:
        summary = await seed_demo(backend, customers=120, seed=2, calls=60, tickets=15,
                                  progress=lambda *args: seen.append(args))
        assert (summary.customers, summary.calls, summary.tickets) == (120, 60, 15)
        assert summary.operators >= 5 and summary.directory >= 20
        assert ("customers", 40, 120) in seen and ("customers", 120, 120) in seen
        calls = await backend.calls.list_calls(limit=100)
        linked = [c for c in calls if c.customer_id is not None]
        assert linked
        for call in linked[:20]:
            customer = await backend.customers.get_customer(call.customer_id)
            assert call.caller in customer.phones
            matches = await backend.customers.find_customers_by_phone(call.caller)
            assert customer.id in {m.id for m in matches}
        dispositions = {d.code for d in await backend.people.list_dispositions()}
        assert {c.disposition for c in calls if c.disposition} <= dispositions
        directory = await backend.people.list_directory("billing")
        assert any(e.name == "Billing" for e in directory)
        assert {op.role.value for op in await backend.people.list_operators()} >= {
            "operator", "receptionist", "supervisor", "trainer", "admin"}
    finally:
        await backend.close()


def test_check_on_a_sound_database(invoke: Invoke, tmp_path: Path) -> None:
    invoke("db", "seed", "--customers", "30")
    result = invoke("db", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: no problems in")
    assert str(tmp_path / "store.db") in result.stdout


def test_check_on_a_file_that_is_not_a_database(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"this is not sqlite at all\n" * 400)
    result = invoke("db", "check", url=f"sqlite:///{bad}")
    assert_clean_failure(result, "not a database", str(bad))


def damage_email_index(path: Path) -> None:
    """Change one letter of one email inside the index pages only (the table keeps the right
    one): the file still opens, but the index no longer matches its table."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = {r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'customers_email'")}
    email = conn.execute("SELECT email FROM customers WHERE email IS NOT NULL "
                         "ORDER BY id LIMIT 1 OFFSET 10").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    offset = data.find(email.encode())
    patched = 0
    while offset != -1:
        if offset // page_size + 1 in pages:
            data[offset] = ord("z") if data[offset] != ord("z") else ord("y")
            patched += 1
        offset = data.find(email.encode(), offset + 1)
    assert patched == 1
    path.write_bytes(bytes(data))


def test_check_lists_the_damage_it_finds(invoke: Invoke, tmp_path: Path) -> None:
    invoke("db", "seed", "--customers", "100")
    damage_email_index(tmp_path / "store.db")
    result = invoke("db", "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "problem(s) in" in result.stderr
    assert "missing from index customers_email" in result.stderr


def test_backup_then_check_the_copy(invoke: Invoke, tmp_path: Path) -> None:
    invoke("db", "seed", "--customers", "20")
    target = tmp_path / "copy.db"
    result = invoke("db", "backup", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.exists()
    copy_url = f"sqlite:///{target}"
    assert invoke("db", "check", url=copy_url).exit_code == 0
    assert export(invoke, "customers", "csv", copy_url) == export(invoke, "customers", "csv")
    assert_clean_failure(invoke("db", "backup", str(target)), "already exists")
    assert invoke("db", "backup", "--overwrite", str(target)).exit_code == 0


def test_big_seeds_show_progress_on_stderr(invoke: Invoke, tmp_path: Path,
                                           monkeypatch) -> None:
    monkeypatch.setattr(demo_people, "PROGRESS_EVERY", 40)
    result = invoke("db", "seed", "--customers", "100")
    assert result.exit_code == 0, result.stderr
    assert "customers: 40 / 100" in result.stderr
    assert "customers: 100 / 100" in result.stderr
    assert "customers:" not in result.stdout  # stdout keeps only the summary
    small = invoke("db", "seed", "--customers", "30", url=f"sqlite:///{tmp_path / 's.db'}")
    assert small.exit_code == 0 and small.stderr == ""
