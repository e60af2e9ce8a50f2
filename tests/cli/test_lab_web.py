"""`centralino lab web`: the real command in its own process on loopback (the default
address), textual-serve behind the lab's sign-in. A request that has not signed in reaches the
sign-in form and never a console (no page of the terminal, no websocket, so no process); a
wrong token, another trainee's token or a revoked one is refused; the right login and token
open the trainee's own console, and an instructor's open the board (the role read again at
each console's start). Every wait is bounded and the server is stopped by its PID."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import httpx
import pytest

from backends.people.models import Operator, Role
from backends.server.provision import issue_token, token_store
from backends.sqlite import SqliteBackend
from tests.cli.conftest import ROOT
from tests.ui_lab.harness import running_class

BOARD = b"Instructor's board"
INSTRUCTORS = {"ines": Role.TRAINER, "sara": Role.SUPERVISOR}


async def set_role(db: Path, name: str, role: Role) -> None:
    async with SqliteBackend(db) as store:
        await store.people.upsert_operator(Operator(name=name, display_name=name, role=role))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A running class (ada, bruno) and its instructors (ines a trainer, sara a supervisor)
    served by `lab web`; (base URL, tokens by login; "ghost" has a token and no operator)."""
    db = tmp_path / "lab.db"
    asyncio.run(running_class(db, ["identify-calm"]))
    for name, role in INSTRUCTORS.items():
        asyncio.run(set_role(db, name, role))
    tokens = {name: issue_token(db, name) for name in ("ada", "bruno", "ghost", *INSTRUCTORS)}
    port = free_port()
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    server = subprocess.Popen(
        [sys.executable, "-m", "console.entry", "--backend", f"sqlite:///{db}", "lab", "web",
         "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:  # until it listens on loopback (bounded)
            assert server.poll() is None, server.communicate()[0]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "lab web did not listen within 60 s"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", tokens
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def sign_in(base: str, login: str, token: str) -> httpx.Response:
    return httpx.post(f"{base}/login", data={"login": login, "token": token}, timeout=30)


async def console_output(base: str, cookie: str | None, until: bytes) -> bytes:
    """What the terminal's websocket sends until `until` shows (at most 90 s)."""
    cookies = {"centralino_lab": cookie} if cookie else {}
    seen = b""
    async with aiohttp.ClientSession(cookies=cookies) as session, \
            session.ws_connect(f"{base}/ws?width=80&height=24") as ws:
        async with asyncio.timeout(90):
            while until not in seen:
                message = await ws.receive()
                if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    break
                seen += (message.data if isinstance(message.data, bytes)
                         else message.data.encode())
    return seen


def test_nobody_reaches_a_console_before_signing_in(lab: tuple[str, dict[str, str]]) -> None:
    base, tokens = lab
    page = httpx.get(f"{base}/", timeout=30)
    assert page.status_code == 303 and page.headers["location"] == "/login"
    assert "/ws" not in page.text
    form = httpx.get(f"{base}/login", timeout=30)
    assert form.status_code == 200 and 'name="token"' in form.text and "/ws" not in form.text
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        asyncio.run(console_output(base, None, b"phone rings"))
    assert refused.value.status == 401
    with pytest.raises(aiohttp.WSServerHandshakeError):  # a made-up session cookie
        asyncio.run(console_output(base, "made-up", b"phone rings"))
    for login, token in (("ada", "wrong"), ("ada", tokens["bruno"]), ("", tokens["ada"]),
                         ("ghost", tokens["ghost"]), ("ines", tokens["ada"])):
        refusal = sign_in(base, login, token)
        assert refusal.status_code == 401 and "centralino_lab" not in refusal.cookies
        assert "do not match" in refusal.text


def test_the_right_login_and_token_open_the_trainees_console(
        lab: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    base, tokens = lab
    signed = sign_in(base, "ada", tokens["ada"])
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    cookie = signed.cookies["centralino_lab"]
    page = httpx.get(f"{base}/", cookies={"centralino_lab": cookie}, timeout=30)
    assert page.status_code == 200 and "/ws" in page.text
    shown = asyncio.run(console_output(base, cookie, b"phone rings"))
    assert b"phone rings" in shown and b"ada" in shown
    token_store(tmp_path / "lab.db").revoke("ada")  # access ends with the token
    with pytest.raises(aiohttp.WSServerHandshakeError) as ended:
        asyncio.run(console_output(base, cookie, b"phone rings"))
    assert ended.value.status == 401
    assert BOARD not in shown  # a trainee never gets the board


def test_an_instructor_signs_in_to_the_board(lab: tuple[str, dict[str, str]],
                                             tmp_path: Path) -> None:
    base, tokens = lab
    for name in INSTRUCTORS:
        signed = sign_in(base, name, tokens[name])
        assert signed.status_code == 303 and signed.headers["location"] == "/"
        shown = asyncio.run(console_output(base, signed.cookies["centralino_lab"], b"bruno"))
        # the newest running session's board: its trainees, not a caller's lines
        assert BOARD in shown and b"ada" in shown and b"bruno" in shown
        assert b"phone rings" not in shown


def test_the_role_is_read_again_at_each_console(lab: tuple[str, dict[str, str]],
                                                 tmp_path: Path) -> None:
    """Roles changed after signing in: the demoted instructor's next console is a trainee's,
    never the board; the trainee made a trainer gets the board."""
    base, tokens = lab
    ines = sign_in(base, "ines", tokens["ines"]).cookies["centralino_lab"]
    bruno = sign_in(base, "bruno", tokens["bruno"]).cookies["centralino_lab"]
    asyncio.run(set_role(tmp_path / "lab.db", "ines", Role.OPERATOR))
    asyncio.run(set_role(tmp_path / "lab.db", "bruno", Role.TRAINER))
    shown = asyncio.run(console_output(base, ines, b"well done"))
    assert b"well done" in shown and BOARD not in shown  # ines has no scenario of her own
    assert BOARD in asyncio.run(console_output(base, bruno, BOARD))
