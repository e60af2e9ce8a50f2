"""`centralino mailer` (issue 19): the mail worker as a process of its own, on the database
itself, against a real SMTP server on 127.0.0.1 (aiosmtpd); without SMTP settings, one clear
line. Over HTTP the server lets only its token's role claim (tests/http/test_mail_claims.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiosmtpd.controller import Controller

from backends.messages.api import MESSAGES
from backends.messages.inputs import MessageDraft
from backends.people.models import DirectoryEntry
from backends.sqlite import SqliteBackend
from tests.cli.conftest import assert_clean_failure, run_process
from tests.conformance.test_message_mail import Inbox
from tests.http.harness import free_port


async def _a_message(path: Path) -> int:
    store = SqliteBackend(path, region="IT")
    await store.open()
    try:
        await store.people.upsert_directory_entry(DirectoryEntry(
            name="Laura Bianchi", email="laura@example.com"))
        taken = await store.domain(MESSAGES).take_message(MessageDraft(
            for_name="Laura Bianchi", taken_by="reception", caller_name="Mario Rossi",
            reason="the invoice"))
        return taken.id
    finally:
        await store.close()


def test_mailer_once_mails_what_is_due_and_says_how_many(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    asyncio.run(_a_message(path))
    port = free_port()
    env = {"CENTRALINO_CONFIG": str(tmp_path / "none.toml"),
           "CENTRALINO_SMTP_HOST": "127.0.0.1", "CENTRALINO_SMTP_PORT": str(port)}
    down = run_process("--backend", str(path), "mailer", "--once", env=env)
    assert down.returncode == 0 and "0 mailed, 1 failed" in down.stdout, down.stderr
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        import time

        for _attempt in range(20):  # the retry is due about a second after the failure
            up = run_process("--backend", str(path), "mailer", "--once", env=env)
            assert up.returncode == 0, up.stderr
            if "1 mailed" in up.stdout:
                break
            time.sleep(0.3)
    finally:
        server.stop()
    assert "1 mailed, 0 failed" in up.stdout
    assert [mail["To"] for mail in inbox.received] == ["laura@example.com"]


def test_mailer_without_smtp_settings_says_what_to_set(tmp_path: Path) -> None:
    result = run_process("--backend", str(tmp_path / "store.db"), "mailer", "--once",
                         env={"CENTRALINO_CONFIG": str(tmp_path / "none.toml")})
    assert_clean_failure(result, "smtp_host")
