"""Operators and tokens on the server's SQLite file, for the CLI and for tests."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from backends.errors import NotFound, invalid_from_validation
from backends.people.models import Operator, Role
from backends.protocol import Backend
from backends.server import authdb


async def add_operator(backend: Backend, name: str, role: Role | str | None,
                       display_name: str = "", extension: str | None = None) -> Operator:
    """Create or update an operator (keeping presence and languages of an existing one, and
    its role when `role` is None; a new operator's role defaults to operator)."""
    try:
        try:
            current = await backend.people.get_operator(name)
        except NotFound:
            operator = Operator(name=name, role=Role(role or Role.OPERATOR),
                                display_name=display_name,
                                extension=extension)
        else:
            operator = Operator.model_validate({
                **current.model_dump(), "role": Role(role) if role else current.role,
                "display_name": display_name or current.display_name,
                "extension": extension or current.extension})
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None
    return await backend.people.upsert_operator(operator)


def token_store(db_path: Path) -> authdb.TokenStore:
    conn = authdb.connect(db_path)
    authdb.migrate(conn)
    return authdb.TokenStore(conn)


def issue_token(db_path: Path, operator: str, expires_days: int | None = 90,
                service_role: Role | None = None) -> str:
    store = token_store(db_path)
    try:
        return store.issue(operator, expires_days,
                           Role(service_role).value if service_role else None)[1]
    finally:
        store.close()
