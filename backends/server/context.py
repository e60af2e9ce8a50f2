"""What a running server holds: the backend, the token store, idempotency, the event hub."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from backends.errors import BackendError, NotFound
from backends.feed.models import Event
from backends.i18n import _
from backends.people.models import Role
from backends.protocol import Backend
from backends.server import authdb
from backends.server.events import EventHub
from backends.server.idempotency import DEFAULT_TTL, IdempotencyStore
from backends.server.policy import Identity, Unauthenticated

if TYPE_CHECKING:
    from backends.server.pg_freshness import Generations
    from backends.server.pg_state import PgTokenStore
    from backends.server.pg_watch import FeedListener
from backends.wire.core import MAX_BODY_BYTES


@dataclass(frozen=True)
class ServerConfig:
    # the SQLite file holding server_tokens (idempotency: a side file beside it); None on
    # PostgreSQL, where tokens and idempotency records live in the backend's database
    auth_db: Path | None
    heartbeat: float = 15.0  # seconds of silence before an SSE keep-alive comment
    poll_interval: float = 0.25  # how often the feed looks for other processes' changes
    max_body: int = MAX_BODY_BYTES
    # Roles are cached per operator under the token generation they were read at, which any
    # change of an operator's name or role moves (authdb.watch_operator_roles): a cached role
    # is used only while one point query shows the generation unchanged. The change feed and
    # this age bound are second lines. (Each refresh is a backend call: 100 operators with a
    # 2 s cache made 50 of them a second.)
    role_cache_seconds: float = 30.0
    idempotency_ttl: float = DEFAULT_TTL


@dataclass(frozen=True)
class Standing:
    """A token confirmed as its stream's identity: at which token generation, until when."""

    generation: int
    expires_at: datetime | None


class ServerContext:
    def __init__(self, backend: Backend, config: ServerConfig) -> None:
        self.backend = backend
        self.config = config
        self.tokens: authdb.TokenStore | PgTokenStore
        self.idempotency: IdempotencyStore
        self.listener: FeedListener | None = None
        database_url = getattr(backend, "url", "")
        self.database_url: str | None = None  # PostgreSQL's: /readyz asks it for writes
        if backend.name == "postgresql" and isinstance(database_url, str):
            self.database_url = database_url
            # several servers, one database: nothing that matters on this server's disk
            from backends.server import pg_state

            idempotency = pg_state.PgIdempotencyStore(database_url, config.idempotency_ttl)
            # the token generation read of each request runs on the idempotency store's
            # async pool, on the event loop (no worker thread per read)
            self.tokens = pg_state.PgTokenStore(database_url, reads=idempotency)
            self.idempotency = idempotency
        else:
            if config.auth_db is None:
                raise ValueError("ServerConfig.auth_db is needed for a SQLite backend")
            conn = authdb.connect(config.auth_db)
            authdb.migrate(conn)
            authdb.watch_operator_roles(conn)
            self.tokens = authdb.TokenStore(conn)
            self.idempotency = IdempotencyStore(authdb.idempotency_path(config.auth_db),
                                                config.idempotency_ttl)
        self.hub = EventHub(backend.feed, config.poll_interval)
        if backend.name == "postgresql" and isinstance(database_url, str):
            from backends.server.pg_watch import FeedListener

            self.listener = FeedListener(database_url, self.hub.poke)
        # open streams re-check their token whenever the hub sees this number move
        # (on PostgreSQL read on the server's async pool: a blocking query stopped the loop)
        self.hub.watch = getattr(self.tokens, "current_generation_async",
                                 self.tokens.current_generation)
        # operator -> (role, cached until, token generation it was read at)
        self._roles: dict[str, tuple[Role, float, int | None]] = {}
        self.hub.listeners.append(self._forget_changed_operators)

    async def start(self) -> None:
        await self.idempotency.purge()
        await self.hub.start()
        if self.listener is not None:
            self.listener.start()

    async def stop(self) -> None:
        if self.listener is not None:
            await self.listener.stop()
        await self.hub.stop()
        self.idempotency.close()
        closing = getattr(self.idempotency, "aclose", None)
        if closing is not None:
            await closing()
        self.tokens.close()

    async def fresh(self) -> Generations | None:
        """On PostgreSQL, every generation the server's caches check, read after this call
        began (pg_freshness.py): one request passes them to each check it makes. None on
        SQLite, whose checks are in-process reads."""
        freshness = getattr(self.tokens, "freshness", None)
        return await freshness() if freshness is not None else None

    def knows(self, token: str | None) -> bool:
        """Whether the token's record is cached on PostgreSQL (a read may then start while
        its generation check is on its way; fast_reads.py)."""
        knows = getattr(self.tokens, "knows", None)
        return bool(token) and knows is not None and knows(token)

    async def identify(self, token: str | None, fresh: Generations | None = None) -> Identity:
        """`fresh`: generations read after the request began (`fresh()`), for the token
        check; without them it reads its own."""
        if not token:
            raise Unauthenticated(_("sign in: send 'Authorization: Bearer <token>' "
                                    "(centralino operator token NAME creates one)"))
        # on PostgreSQL, the generation check off the event loop, shared by concurrent requests
        lookup_async = getattr(self.tokens, "lookup_async", None)
        record = await lookup_async(token, fresh) if lookup_async else self.tokens.lookup(token)
        if record is None:
            raise Unauthenticated(_("this token is not known to the server"))
        if record.revoked_at is not None:
            raise Unauthenticated(_("this token was revoked; ask a supervisor for a new one"))
        if not record.usable():
            raise Unauthenticated(_("this token expired; ask a supervisor for a new one"))
        if record.role is not None:
            return Identity(record.operator, Role(record.role), record.id)
        role = await self._role_of(record.operator, self.tokens.generation)
        return Identity(record.operator, role, record.id)

    async def _role_of(self, name: str, generation: int | None) -> Role:
        """`generation`: the token generation the lookup just read. A role read before it
        moved may be stale; one read after it is filed under the older number and so is
        read again next time, never served stale."""
        cached = self._roles.get(name)
        now = time.monotonic()
        if cached is not None and cached[1] > now and cached[2] == generation:
            return cached[0]
        try:
            operator = await self.backend.people.get_operator(name)
        except NotFound:
            self._roles.pop(name, None)
            raise Unauthenticated(_("the operator '{name}' of this token no longer exists")
                                  .format(name=name)) from None
        self._roles[name] = (operator.role, now + self.config.role_cache_seconds, generation)
        return operator.role

    async def confirm(self, token: str | None, who: Identity) -> Standing | None:
        """Whether `token` still stands for `who` (not revoked, not expired, same operator and
        role): its Standing, or None. The generation is read first, so any later change moves
        it past the Standing's and the stream asks again."""
        # on PostgreSQL both reads on the server's async pool, not blocking the loop
        read = getattr(self.tokens, "current_generation_async", None)
        generation = await read() if read else self.tokens.current_generation()
        try:
            now = await self.identify(token)
        except BackendError:
            return None
        if now != who:
            return None
        lookup_async = getattr(self.tokens, "lookup_async", None)
        record = None
        if token:
            record = await lookup_async(token) if lookup_async else self.tokens.lookup(token)
        return Standing(generation, record.expires_at if record else None)

    def forget_role(self, name: str) -> None:
        """Called after this server changed an operator, so the new role applies at once."""
        self._roles.pop(name, None)

    def _forget_changed_operators(self, batch: list[Event]) -> None:
        """Any change to an operator (by any process or worker) drops its cached role; a bulk
        load of operators drops them all."""
        if not self._roles:
            return
        for event in batch:
            if event.subject.startswith("operator:"):
                self._roles.pop(event.subject[len("operator:"):], None)
            elif event.subject == "bulk:operators":
                self._roles.clear()
