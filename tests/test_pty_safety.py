"""Hostile data in a real pseudo-terminal: the console must show it as text, never obey it.

Customers, tickets, directory entries and waiting calls carry Textual markup (a click action
that would quit the app, a link, an unclosed tag), OSC 52 (clipboard write), OSC 8 (a hidden
link), C1 control characters and a right-to-left override. The real `centralino` runs in a pty
of 120x40; the test looks the customer up, answers its call, and reads every byte the console
wrote. Nothing is mocked.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.calls.models import Channel
from backends.customers.inputs import CustomerDraft
from backends.people.models import DirectoryEntry
from backends.registry import create_backend
from backends.tickets.inputs import TicketDraft

CENTRALINO = str(Path(sys.executable).with_name("centralino"))
OSC52 = "\x1b]52;c;aGVsbG8=\x07"
OSC8 = "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = f"[@click=app.quit] [link=http://x]x[/link] [bold {OSC52}{OSC8}\x9b31m\x9d \u202eevil"
NAME = "Zorro [@click=app.quit] [bold " + OSC52 + "\x9b31m\u202e"
PHONE = "+393331112223"
# F3 lookup, F5 answer the next call, ctrl+q quit (screens/keys.py), as xterm sends them
F3, F5, CTRL_Q = b"\x1bOR", b"\x1b[15~", b"\x11"
CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


async def _seed(path: Path) -> None:
    backend = create_backend(f"sqlite:///{path}")
    await backend.open()
    try:
        customer = await backend.customers.create_customer(CustomerDraft(
            name=NAME, company=HOSTILE[:200], phones=[PHONE], email="zorro@example.com",
            tags=["VIP", "[@click=app.quit]"], notes=HOSTILE))
        await backend.tickets.create_ticket(TicketDraft(
            subject=HOSTILE, customer_id=customer.id, body=HOSTILE, author="tester"))
        await backend.calls.create_call(CallDraft(caller=PHONE, notes=HOSTILE, queue="general"))
        await backend.calls.create_call(CallDraft(channel=Channel.EMAIL, caller="evil@example.com",
                                            notes=HOSTILE, queue="[@click=app.quit]"))
        await backend.people.upsert_directory_entry(DirectoryEntry(name=NAME, notes=HOSTILE))
    finally:
        await backend.close()


class PtyConsole:
    """The console on the child side of a pty; every byte it writes lands in `self.output`."""

    def __init__(self, db: Path, columns: int = 120, lines: int = 40) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
               "LINES": str(lines), "COLORTERM": "truecolor"}
        self.process = subprocess.Popen(
            [CENTRALINO, "--backend", f"sqlite:///{db}", "--operator", "tester"],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            close_fds=True)
        os.close(slave)
        self.output = bytearray()

    def read_for(self, seconds: float) -> None:
        """Drain the terminal for `seconds` (the console blocks if nobody reads)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _w, _x = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed its side
                    return
                if not chunk:
                    return
                self.output.extend(chunk)

    def read_until(self, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read_for(0.2)
            if text in self.visible():
                return True
        return False

    def send(self, data: bytes) -> None:
        os.write(self.master, data)
        self.read_for(0.8)

    def visible(self) -> str:
        """The output as text with the CSI styling and cursor moves taken out."""
        return CSI.sub("", self.output.decode("utf-8", errors="replace"))

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)


async def _call_state(path: Path) -> tuple[str, str | None]:
    backend = create_backend(f"sqlite:///{path}")
    await backend.open()
    try:
        # the first call is the customer's (the second is an unknown e-mail)
        first = min(c.id for c in await backend.calls.list_calls(limit=10))
        call = await backend.calls.get_call(first)
        return call.state.value, call.operator
    finally:
        await backend.close()


def test_hostile_data_is_shown_never_obeyed(tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    asyncio.run(_seed(db))
    console = PtyConsole(db)
    try:
        # "Queue (2)": the queue was read from the store, so the backend is open
        assert console.read_until("Queue (2)", 20), console.visible()[-2000:]
        console.send(F3)
        console.send(b"Zorro")
        assert console.read_until("1 found", 8), console.visible()[-3000:]
        console.send(F5)
        assert console.read_until("Queue (1)", 8), console.visible()[-3000:]
        alive_before_quit = console.process.poll() is None
        console.send(CTRL_Q)  # with a call in hand the console asks first (issue 15) …
        asked = console.read_until("Quit the console?", 8)
        console.send(CTRL_Q)  # … and Ctrl+Q again leaves anyway
        deadline = time.monotonic() + 10
        while console.process.poll() is None and time.monotonic() < deadline:
            console.read_for(0.2)
        quit_cleanly = console.process.poll() == 0
    finally:
        console.close()

    raw = bytes(console.output)
    text = raw.decode("utf-8", errors="replace")
    assert alive_before_quit, text[-3000:]
    assert asked, text[-3000:]
    assert quit_cleanly, text[-3000:]
    # the sequences themselves never reach the terminal; their sanitised form ("␛]52…",
    # with U+241B for ESC) may be on screen, which is the point
    assert b"\x1b]52" not in raw
    assert b"\x1b]8;;http://evil" not in raw
    assert b";http://x\x1b\\" not in raw  # [link=…] in the data was not parsed as markup
    assert "\x9b" not in text and "\x9d" not in text  # C1 controls as characters
    assert "\u202e" not in text
    visible = console.visible()
    assert "click=app.quit" in visible  # the markup shown as the text it is
    assert "Traceback" not in visible
    # the keys reached the console: the hostile caller's call was answered by us
    assert asyncio.run(_call_state(db)) == ("active", "tester")
