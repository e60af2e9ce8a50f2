"""One module per backend; each defines `make(tmp_path)`, an async context manager yielding an
opened, empty Backend. tests/conftest.py parametrises the `backend` fixture over every module
here, so a new backend joins the whole conformance suite by adding its module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backends.people.models import Role

# How to issue another service token (operator name, role) on the server behind a backend an
# HTTP factory made, by the backend's id while it is open: the factory knows where that
# server keeps its tokens (a SQLite file beside the test's database, or the PostgreSQL
# database itself), a test does not (tests/conformance/helpers.mail_worker).
_TOKEN_ISSUERS: dict[int, Callable[[str, Role], str]] = {}


@contextmanager
def token_issuer(backend: object, issue: Callable[[str, Role], str]) -> Iterator[None]:
    _TOKEN_ISSUERS[id(backend)] = issue
    try:
        yield
    finally:
        del _TOKEN_ISSUERS[id(backend)]


def issue_token(backend: object, name: str, role: Role) -> str:
    """A token of `role` for `name` on the server behind `backend` (an HTTP factory's)."""
    return _TOKEN_ISSUERS[id(backend)](name, role)
