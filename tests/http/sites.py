"""The stores the server's tests run on (tests/http/conftest.py `site`): each test runs once on
a SQLite file and once on a database of the run's real PostgreSQL (tests/pg_server.py), with
the same operators and tokens per role. A `Site` says what a test may do to its store without
knowing which one it is (issue a token, open another connection as the CLI would, run SQL);
a test about SQLite itself (its file, WAL, side files) is marked
`@pytest.mark.sqlite_only("why")` and runs on SQLite alone, its id still saying `[sqlite]`."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from backends.http import HttpBackend
from backends.people.models import Role
from backends.protocol import Backend
from backends.server import authdb
from tests.http import harness

if TYPE_CHECKING:
    from backends.server.pg_state import PgTokenStore

STORES = ("sqlite", "postgres")
ROLE_NAMES = {role: f"{role.value}1" for role in Role}  # operator → "operator1", …


@dataclass
class Site:
    url: str
    target: harness.Target  # the SQLite file, or the PostgreSQL database's URL
    tokens: dict[str, str]  # operator name → token

    @property
    def store(self) -> str:
        return "postgres" if harness.is_postgres(self.target) else "sqlite"

    @property
    def db_path(self) -> Path:
        """The SQLite file: only for tests marked sqlite_only."""
        if harness.is_postgres(self.target):
            raise RuntimeError("this test reads the SQLite file: mark it "
                               "@pytest.mark.sqlite_only('why') or use the Site's methods")
        return Path(self.target)

    def token(self, role: Role) -> str:
        return self.tokens[ROLE_NAMES[role]]

    def client(self, role: Role | None = None, **kwargs: object) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {self.token(role)}"} if role else {}
        # verify=False: plain http on loopback; skips loading the CA bundle (slow) per client
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=10.0, verify=False,
                                 **kwargs)  # type: ignore[arg-type]

    def backend(self, role: Role = Role.ADMIN, **kwargs: object) -> HttpBackend:
        return HttpBackend(self.url, token=self.token(role), **kwargs)  # type: ignore[arg-type]

    # what another process (the CLI, another server) does to the same store

    def provision(self, operators: dict[str, Role]) -> dict[str, str]:
        """Operators (name → role) and a token each; blocking: call through a thread."""
        return harness.provision(self.target, operators)

    def issue_token(self, operator: str, expires_days: int | None = 90,
                    service_role: Role | None = None) -> str:
        return harness.issue_token(self.target, operator, expires_days, service_role)

    @contextlib.contextmanager
    def token_store(self) -> Iterator[authdb.TokenStore | PgTokenStore]:
        """The store's tokens through a connection of their own, as the CLI opens them."""
        if harness.is_postgres(self.target):
            from backends.server.pg_state import PgTokenStore

            store: authdb.TokenStore | PgTokenStore = PgTokenStore(str(self.target))
        else:
            from backends.server.provision import token_store

            store = token_store(self.db_path)
        try:
            yield store
        finally:
            store.close()

    def other_backend(self) -> Backend:
        """Another backend (not yet open) on the same store: another process's view."""
        return harness.store_backend(self.target)

    def sql(self, statement: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (`?` placeholders) on the store's database and commit; the rows.
        Tokens live there on both stores."""
        return execute(self.target, statement, args)

    def idempotency_sql(self, statement: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """As `sql`, on the idempotency records: SQLite keeps them in a side file beside the
        database, PostgreSQL in the database itself."""
        if harness.is_postgres(self.target):
            return execute(self.target, statement, args)
        return execute(authdb.idempotency_path(self.db_path), statement, args)


def execute(target: harness.Target, statement: str, args: Sequence[Any]) -> list[tuple[Any, ...]]:
    """One statement (`?` placeholders) on either store, committed; the rows."""
    if harness.is_postgres(target):
        import psycopg

        with psycopg.connect(str(target), autocommit=True) as conn:
            cursor = conn.execute(re.sub(r"\?", "%s", statement), list(args))
            return cursor.fetchall() if cursor.description else []
    file = sqlite3.connect(target, isolation_level=None)
    try:
        return file.execute(statement, list(args)).fetchall()
    finally:
        file.close()
