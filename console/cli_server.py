"""`centralino serve` (the HTTP server for many consoles) and `centralino operator …` (the
people who may use it, and their tokens). Both work on the configured SQLite database, or on a
PostgreSQL database (`postgresql://…`), which several servers may serve at once."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from backends.errors import BackendError, Invalid
from backends.i18n import _
from backends.people.models import PERSON_ROLES, Role
from backends.protocol import Backend
from backends.registry import scheme_of, sqlite_path
from console.common import fail, run_with_backend, settings_from
from console.settings import Settings

if TYPE_CHECKING:
    from backends.server.authdb import TokenStore
    from backends.server.pg_state import PgTokenStore

ROLES = [role.value for role in Role]  # a service token's
OPERATOR_ROLES = [role.value for role in PERSON_ROLES]  # an operator's: never "mailer"


def _postgres_url(settings: Settings) -> str | None:
    """The PostgreSQL database the server serves and keeps its tokens in, if that is it."""
    return settings.backend if scheme_of(settings.backend) == "postgresql" else None


def _database(settings: Settings) -> Path:
    """The SQLite file the server serves and keeps its tokens in."""
    if scheme_of(settings.backend) != "sqlite":
        fail(Invalid("backend", _("the server serves a SQLite database; '{url}' is not one "
                                  "(use --backend sqlite:///path/to/centralino.db)").format(
            url=settings.backend)))
    return sqlite_path(settings.backend)


def _json_logging(target: str) -> None:
    from console.access_log import PrivateFileHandler

    try:
        handler: logging.Handler = (logging.StreamHandler(sys.stderr) if target == "-"
                                    else PrivateFileHandler(target))
    except (BackendError, OSError) as exc:
        fail(exc if isinstance(exc, BackendError) else str(exc))
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("centralino.access", "centralino.server"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("address to listen on (keep 127.0.0.1 behind a reverse proxy)"))
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--access-log", default="-", show_default=True, metavar="FILE",
              help=_("JSON-lines access log: a file, or - for standard error"))
@click.option("--heartbeat", type=click.FloatRange(1, 300), default=15.0, show_default=True,
              help=_("seconds between keep-alives on idle event streams"))
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help=_("server processes sharing the database (one per core)"))
@click.option("--head-timeout", type=click.FloatRange(0.1, 300), default=10.0,
              show_default=True,
              help=_("seconds a client may take to send a request's headers"))
@click.option("--body-timeout", type=click.FloatRange(0.1, 3600), default=30.0,
              show_default=True, help=_("seconds a client may take to send a request's body"))
@click.option("--keep-alive", type=click.IntRange(1, 600), default=5, show_default=True,
              help=_("seconds an idle connection is kept open between requests"))
@click.option("--max-connections", type=click.IntRange(2, 1_000_000), default=1000,
              show_default=True,
              help=_("open connections per worker (event streams included); when full, "
                     "the longest idle one is closed for a new one"))
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, access_log: str, heartbeat: float,
          workers: int, head_timeout: float, body_timeout: float, keep_alive: int,
          max_connections: int) -> None:
    """Serve the configured database over HTTP to many consoles."""
    settings = settings_from(ctx)
    pg_url = _postgres_url(settings)
    db_path = _database(settings) if pg_url is None else None
    try:
        import uvicorn

        from backends.server.asgi import make_app
        from backends.server.connections import GuardedHttpProtocol
    except ImportError as exc:
        fail(_("the server needs its extra packages: pip install 'centralino[server]' ({why})")
             .format(why=exc))
        return
    if db_path is not None:
        _refuse_unwritable(db_path)
    _tokens(ctx, settings).close()  # opens (creates, migrates) the database, or one clear line
    GuardedHttpProtocol.configure(head_timeout, body_timeout,
                                  _connection_limit(max_connections))
    if host not in ("127.0.0.1", "::1", "localhost"):
        click.echo(_("warning: listening on {host} without TLS; put a reverse proxy with TLS in "
                     "front (see the README)").format(host=host), err=True)
    _json_logging(access_log)
    if pg_url is not None:
        from backends.postgres.connection import masked

        os.environ["CENTRALINO_SERVE_URL"] = pg_url
        shown = masked(pg_url)
    else:
        assert db_path is not None
        os.environ["CENTRALINO_SERVE_DB"] = str(db_path.resolve())
        shown = str(db_path)
    os.environ.update({"CENTRALINO_SERVE_REGION": settings.region,
                       "CENTRALINO_SERVE_HEARTBEAT": str(heartbeat)})
    click.echo(_("serving {db} on http://{host}:{port} with {n} worker(s) (Ctrl-C stops)")
               .format(db=shown, host=host, port=port, n=workers), err=True)
    # uvicorn's own access log prints query strings; ours logs route templates only. Nothing
    # reads the client's address or scheme (links are relative, the log holds no address), so
    # uvicorn's X-Forwarded-* rewriting is one layer per request with nothing to do.
    options: dict[str, Any] = {"host": host, "port": port, "access_log": False,
                               "log_level": "warning",
                               "timeout_graceful_shutdown": 5, "server_header": False,
                               "proxy_headers": False, "http": GuardedHttpProtocol,
                               "timeout_keep_alive": keep_alive}
    if workers == 1:
        uvicorn.run(make_app(), **options)
    else:  # each worker imports the factory and sets up its own logging
        uvicorn.run("backends.server.asgi:make_app", factory=True, workers=workers,
                    log_config=_worker_log_config(access_log), **options)


def _refuse_unwritable(db_path: Path) -> None:
    """Refuse to serve a database this process cannot write (one line, no traceback): it
    would start, say it is ready and fail every write. SQLite writes its journal and lock
    files next to the database, so the folder must be writable too."""
    from backends.server.authdb import idempotency_path

    folder = db_path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the backend creates the missing folders below it
    if not os.access(folder, os.W_OK | os.X_OK):
        fail(_("the folder {folder} cannot be written by this user, so the database in it "
               "cannot be served (SQLite keeps its journal there)").format(folder=folder))
    side = [db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm"))]
    side.append(idempotency_path(db_path))
    for path in side:
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            fail(_("{path} is read-only for this user; the server could not save anything")
                 .format(path=path))


def _connection_limit(wanted: int) -> int:
    """`wanted`, or less if the process may not open that many files (each connection is
    one, and SQLite, the log and uvicorn hold some)."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return wanted
    if soft == resource.RLIM_INFINITY:
        return wanted
    room = max(2, soft - 64)
    if wanted > room:
        click.echo(_("warning: at most {n} connections per worker (the open-files limit is "
                     "{soft}; raise it with ulimit -n)").format(n=room, soft=soft), err=True)
    return min(wanted, room)


def _worker_log_config(target: str) -> dict[str, object]:
    """dictConfig for worker processes: our JSON access lines to the same file or stderr."""
    handler: dict[str, object] = ({"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
                                  if target == "-" else
                                  {"class": "console.access_log.PrivateFileHandler",
                                   "filename": target})
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(message)s"}},
        "handlers": {"out": {**handler, "formatter": "plain"}},
        "loggers": {name: {"handlers": ["out"], "level": "INFO", "propagate": False}
                    for name in ("centralino.access", "centralino.server")},
    }


@click.group("operator")
def operator() -> None:
    """Operators who may use the server, and their API tokens."""


@operator.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(OPERATOR_ROLES), default=None,
              help=_("operator, receptionist, supervisor, trainer or admin (new: operator; "
                     "existing: unchanged)"))
@click.option("--display-name", default="", help=_("the name colleagues see"))
@click.option("--extension", default=None, help=_("phone extension"))
@click.pass_context
def add(ctx: click.Context, name: str, role: str | None, display_name: str,
        extension: str | None) -> None:
    """Create an operator, or change an existing one's role, display name or extension."""
    from backends.server.provision import add_operator

    async def work(backend: Backend) -> None:
        saved = await add_operator(backend, name, role, display_name, extension)
        click.echo(_("operator {name} ({role}) saved").format(name=saved.name,
                                                                 role=saved.role.value))

    _run(ctx, work)


@operator.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Operators with their role and live tokens."""
    settings = settings_from(ctx)
    tokens = _tokens(ctx, settings)
    now = datetime.now(UTC)

    async def work(backend: Backend) -> None:
        for op in sorted(await backend.people.list_operators(), key=lambda o: o.name):
            live = [t for t in tokens.list(op.name) if t.usable(now)]
            expiry = min((t.expires_at for t in live if t.expires_at), default=None)
            click.echo(_("{name:<20} {role:<12} {count} live token(s){until}").format(
                name=op.name, role=op.role.value, count=len(live),
                until=_(", first expires {date}").format(date=expiry.date()) if expiry else ""))
        for record in tokens.list():
            if record.role and record.usable(now):
                click.echo(_("{name:<20} {role:<12} service token {id}").format(
                    name=record.operator, role=record.role, id=record.id))

    try:
        _run(ctx, work)
    finally:
        tokens.close()


@operator.command("token")
@click.argument("name")
@click.option("--expires-days", type=click.IntRange(1, 3650), default=90, show_default=True)
@click.option("--service", "service_role", type=click.Choice(ROLES), default=None,
              help=_("a token for a program (PBX bridge, simulator; the mail worker: "
                     "mailer) with this role; NAME need not be an operator"))
@click.pass_context
def token(ctx: click.Context, name: str, expires_days: int, service_role: str | None) -> None:
    """Issue a token for NAME. It is printed once: the server keeps only its hash."""
    settings = settings_from(ctx)
    store = _tokens(ctx, settings)
    try:
        if service_role is None:
            async def exists(backend: Backend) -> None:
                await backend.people.get_operator(name)  # NotFound → a clear error, no token

            _run(ctx, exists)
        token_id, secret = store.issue(name, expires_days, service_role)
    except BackendError as exc:
        fail(exc)
        return
    finally:
        store.close()
    click.echo(_("token {id} for {name}, valid {days} days (shown once, store it now):").format(
        id=token_id, name=name, days=expires_days), err=True)
    click.echo(secret)


@operator.command("revoke")
@click.argument("name_or_token_id")
@click.pass_context
def revoke(ctx: click.Context, name_or_token_id: str) -> None:
    """Revoke every live token of an operator, or one token by its id."""
    store = _tokens(ctx, settings_from(ctx))
    try:
        count = store.revoke(name_or_token_id)
    except BackendError as exc:
        fail(exc)
        return
    finally:
        store.close()
    click.echo(_("{count} token(s) revoked").format(count=count))


def _tokens(ctx: click.Context, settings: Settings) -> TokenStore | PgTokenStore:
    """The token store, after the backend has opened (created or migrated, or refused) the
    file: the server's tables are never the first thing written into a database."""
    from backends.server.provision import token_store

    async def nothing(backend: Backend) -> None:
        return None

    _run(ctx, nothing)

    try:
        pg_url = _postgres_url(settings)
        if pg_url is not None:
            from backends.server.pg_state import PgTokenStore

            return PgTokenStore(pg_url)
        return token_store(_database(settings))
    except BackendError as exc:
        fail(exc)
        raise  # unreachable: fail() exits


def _run(ctx: click.Context, work: Callable[[Backend], Awaitable[None]]) -> None:
    settings = settings_from(ctx)
    if _postgres_url(settings) is None:
        _database(settings)
    run_with_backend(settings, work)
