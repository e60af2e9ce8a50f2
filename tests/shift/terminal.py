"""The real `centralino` in a pseudo-terminal, read through a terminal emulator (pyte).

Why pyte and not tmux: it is a Python package the dev install brings (no system package on a
fresh machine), and it gives the screen as the operator sees it, cell by cell, after every
cursor move and redraw, so a test asserts on what is on screen, not on the byte stream.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte

CENTRALINO = str(Path(sys.executable).with_name("centralino"))

# the bytes a terminal sends for the keys a shift uses (xterm)
KEYS: dict[str, bytes] = {
    "enter": b"\r", "escape": b"\x1b", "tab": b"\t", "shift+tab": b"\x1b[Z",
    "backspace": b"\x7f", "up": b"\x1b[A", "down": b"\x1b[B",
    "f1": b"\x1bOP", "f2": b"\x1bOQ", "f3": b"\x1bOR", "f4": b"\x1bOS",
    "f5": b"\x1b[15~", "f6": b"\x1b[17~", "f7": b"\x1b[18~", "f8": b"\x1b[19~",
    "f9": b"\x1b[20~", "f10": b"\x1b[21~", "f12": b"\x1b[24~",
    **{f"ctrl+{c}": bytes([ord(c) - 96]) for c in "abcdefghklnopqrstuvwxy"},
}


class TerminalConsole:
    """`centralino ARGS` on a pty of `columns` x `lines`; `keys` counts what the operator
    pressed (typed text is counted apart, as the issue's key targets say "plus typing")."""

    def __init__(self, args: list[str], env: dict[str, str], *, columns: int = 120,
                 lines: int = 40) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = {**os.environ, **env, "TERM": "xterm-256color", "COLUMNS": str(columns),
                    "LINES": str(lines), "COLORTERM": "truecolor"}
        self.process = subprocess.Popen([CENTRALINO, *args], stdin=slave, stdout=slave,
                                        stderr=slave, env=full_env, start_new_session=True,
                                        close_fds=True)
        os.close(slave)
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.keys = 0

    # -- reading -------------------------------------------------------------------------------
    def pump(self, seconds: float) -> None:
        """Feed what the console wrote for `seconds` into the emulator (it blocks if unread)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _w, _x = select.select([self.master], [], [], min(left, 0.05))
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the console closed its side
                return
            if not chunk:
                return
            self.stream.feed(chunk)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait(self, predicate: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            screen = self.text()
            if predicate(screen):
                return screen
        raise AssertionError(f"never on screen within {timeout} s: {what}\n{self.text()}")

    def shows(self, *texts: str, timeout: float = 20.0) -> str:
        return self.wait(lambda screen: all(t in screen for t in texts), f"{texts!r}", timeout)

    def gone(self, text: str, timeout: float = 20.0) -> str:
        return self.wait(lambda screen: text not in screen, f"{text!r} gone", timeout)

    # -- writing -------------------------------------------------------------------------------
    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS[key])
            self.keys += 1
            self.pump(0.15)

    def type(self, text: str) -> None:
        """Typing, not counted as keys."""
        for char in text:
            os.write(self.master, char.encode())
            self.pump(0.02)
        self.pump(0.2)

    # -- ending --------------------------------------------------------------------------------
    def exited(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            code = self.process.poll()
            if code is not None:
                return code
        raise AssertionError("the console did not exit\n" + self.text())

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)
