"""The lab in a browser (`centralino lab web`): textual-serve runs one console per browser
tab, behind the lab's own sign-in (docs/ARCHITECTURE.md, "console/"): a trainee's console for
a trainee, the instructor's board for an instructor (trainer, supervisor or admin).

Nothing of textual-serve is reachable before signing in: every page but the sign-in form and
its static files answers with the form (or 401 for the terminal's websocket), so no process is
started for a stranger. The credentials are the lab's: the operator's login and the token
issued with `centralino operator token NAME` (the same token store as `centralino serve`),
checked at sign-in and again when each console starts (a revoked or expired token ends
access). Which console opens follows the operator's role in the lab database, read again at
each start: a trainee never gets the board, and a demoted instructor gets a trainee's console
from the next start on. A session is a random cookie kept in memory only."""

from __future__ import annotations

import asyncio
import secrets
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from backends.errors import NotFound
from backends.i18n import _
from backends.people.models import Role
from backends.training.rules import INSTRUCTORS
from console.lab_web_page import sign_in_page

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from backends.protocol import Backend
    from backends.server.authdb import TokenStore

COOKIE = "centralino_lab"
SESSION_SECONDS = 12 * 3600  # one lab day
REFUSAL_PAUSE = 1.0  # seconds before answering a wrong sign-in: guessing stays slow
OPEN_PATHS = ("/login", "/static/")


@dataclass(frozen=True)
class Session:
    operator: str
    token: str  # kept server-side only, to check the token again at each console's start
    until: float


class LabWebServer(Server):
    """textual-serve's server with the lab's sign-in in front and one console per signed-in
    person: the trainee's console, or the board for an instructor."""

    def __init__(self, tokens: TokenStore, backend: Backend, console_args: list[str], *,
                 host: str, port: int, public_url: str | None = None) -> None:
        """`backend`: the lab database, opened while serving (the operators' roles);
        `console_args`: the `centralino` options every console gets (the lab database, the
        language); the signed-in person's login is added to them."""
        super().__init__("centralino lab", host=host, port=port,
                         title=_("Centralino lab"), public_url=public_url)
        self.tokens = tokens
        self.backend = backend
        self.console_args = console_args
        self.sessions: dict[str, Session] = {}

    # -- who is signed in ------------------------------------------------------------------
    def check(self, operator: str, token: str) -> bool:
        """The token is usable and an operator's own (not a program's service token)."""
        record = self.tokens.lookup(token) if token else None
        return (record is not None and record.role is None and record.usable()
                and record.operator == operator)

    async def role_of(self, operator: str) -> Role | None:
        """The operator's role in the lab database now (None: no such operator)."""
        try:
            return (await self.backend.people.get_operator(operator)).role
        except NotFound:
            return None

    async def admitted(self, operator: str, token: str) -> Role | None:
        """The role of a person whose login and token match, else None."""
        if not operator or not self.check(operator, token):
            return None
        return await self.role_of(operator)

    def signed_in(self, request: web.Request) -> Session | None:
        session = self.sessions.get(request.cookies.get(COOKIE, ""))
        if session is None or session.until < time.monotonic():
            return None
        return session

    @web.middleware
    async def gate(self, request: web.Request,
                   handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                   ) -> web.StreamResponse:
        if request.path.startswith(OPEN_PATHS) or self.signed_in(request) is not None:
            return await handler(request)
        if request.path == "/ws":
            raise web.HTTPUnauthorized(text=_("Sign in first."))
        raise web.HTTPSeeOther("/login")

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.gate)
        app.router.add_get("/login", self.login_form)
        app.router.add_post("/login", self.login)
        app.router.add_post("/logout", self.logout)
        app.on_startup.insert(0, self.open_backend)
        app.on_cleanup.append(self.close_backend)
        return app

    async def open_backend(self, app: web.Application) -> None:
        await self.backend.open()

    async def close_backend(self, app: web.Application) -> None:
        await self.backend.close()

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(_("The lab in a browser: {url} (Ctrl+C stops it)").format(
            url=self.public_url), markup=False, highlight=False)

    # -- the sign-in -----------------------------------------------------------------------
    async def login_form(self, request: web.Request) -> web.Response:
        return web.Response(text=sign_in_page(), content_type="text/html")

    async def login(self, request: web.Request) -> web.Response:
        form = await request.post()
        operator = str(form.get("login", ""))[:40].strip()
        token = str(form.get("token", ""))[:200].strip()
        if await self.admitted(operator, token) is None:
            await asyncio.sleep(REFUSAL_PAUSE)
            return web.Response(status=401, content_type="text/html", text=sign_in_page(
                _("That login and token do not match a valid token of this lab.")))
        session_id = secrets.token_urlsafe(32)
        self.sessions[session_id] = Session(operator, token,
                                            time.monotonic() + SESSION_SECONDS)
        response = web.HTTPSeeOther("/")
        response.set_cookie(COOKIE, session_id, httponly=True, samesite="Strict",
                            max_age=SESSION_SECONDS, secure=self.public_url.startswith("https"))
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        self.sessions.pop(request.cookies.get(COOKIE, ""), None)
        response = web.HTTPSeeOther("/login")
        response.del_cookie(COOKIE)
        raise response

    # -- one console per browser tab -------------------------------------------------------
    def command_for(self, operator: str, role: Role) -> str:
        """The board for an instructor (the newest running session), else the trainee's
        console: the board has no sign-in of its own, so this choice is the gate to it."""
        console = ["lab", "board"] if role in INSTRUCTORS else ["lab", "train"]
        return shlex.join([sys.executable, "-m", "console.entry", *self.console_args,
                           "--operator", operator, *console])

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        session = self.signed_in(request)
        role = None if session is None else await self.admitted(session.operator,
                                                                 session.token)
        if session is None or role is None:
            self.sessions.pop(request.cookies.get(COOKIE, ""), None)
            raise web.HTTPUnauthorized(text=_("Sign in again."))
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = AppService(self.command_for(session.operator, role),
                             write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=close, download_manager=self.download_manager)
        try:
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
            await self._process_messages(websocket, service)
        finally:
            await service.stop()
        return websocket


def _size(request: web.Request, name: str, default: int) -> int:
    value = request.query.get(name, "")
    return min(max(int(value), 10), 500) if value.isdigit() else default


def serve(db: Path, backend: Backend, console_args: list[str], host: str, port: int,
          public_url: str | None) -> None:
    from backends.server.provision import token_store

    LabWebServer(token_store(db), backend, console_args, host=host, port=port,
                 public_url=public_url).serve()
