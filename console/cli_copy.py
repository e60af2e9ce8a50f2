"""`centralino db copy SOURCE TARGET`: a whole store from SQLite to PostgreSQL or back, all or
nothing, with the counts and a check at the end (backends/postgres/copy.py)."""

from __future__ import annotations

import asyncio

import click

from backends.errors import BackendError, Invalid
from backends.i18n import _
from backends.redact import mask_url_credentials
from backends.registry import create_backend, scheme_of
from console.common import fail


async def _open_and_close(url: str, region: str) -> None:
    """Open a store with its backend: it is ours, and migrated (created when new)."""
    backend = create_backend(url, region=region)
    await backend.open()
    await backend.close()


def _prepare_server_tables(source: str, target: str) -> None:
    """The server's token tables on the target when the source has tokens to carry."""
    from backends.postgres.copy import side

    reader = side(source, write=False)
    try:
        has_tokens = "server_tokens" in reader.tables()
    finally:
        reader.rollback()
        reader.close()
    if not has_tokens:
        return
    if scheme_of(target) == "postgresql":
        from backends.server.pg_state import PgTokenStore

        PgTokenStore(target).close()
    else:
        from backends.registry import sqlite_path
        from backends.server.provision import token_store

        token_store(sqlite_path(target)).close()


def run_copy(source: str, target: str, replace: bool, region: str) -> None:
    kinds = {scheme_of(source), scheme_of(target)}
    if not kinds <= {"sqlite", "postgresql"}:
        fail(Invalid("backend", _("a copy goes between SQLite and PostgreSQL databases")))
    if source.strip() == target.strip():
        fail(Invalid("target", _("the target is the source")))
    from backends.postgres.copy import copy_store, side

    def progress(table: str, count: int) -> None:
        click.echo(_("  {table}: {count}").format(table=table, count=count), err=True)

    try:
        asyncio.run(_open_and_close(source, region))
        asyncio.run(_open_and_close(target, region))
        _prepare_server_tables(source, target)
        reader, writer = side(source, write=False), side(target, write=True)
        try:
            copied = copy_store(reader, writer, replace=replace, progress=progress)
        finally:
            reader.rollback()
            reader.close()
            writer.close()

        async def check() -> list[str]:
            backend = create_backend(target, region=region)
            await backend.open()
            try:
                return await backend.integrity_check()
            finally:
                await backend.close()

        problems = asyncio.run(check())
    except BackendError as exc:
        fail(exc)
        return
    except Exception as exc:  # a driver's error: one line, the URL's password masked
        fail(mask_url_credentials(f"{type(exc).__name__}: {exc}".splitlines()[0]))
        return
    total = sum(copied.counts.values())
    click.echo(_("copied {rows} rows in {tables} tables from {source} to {target}").format(
        rows=total, tables=len(copied.counts), source=mask_url_credentials(source),
        target=mask_url_credentials(target)))
    if problems:
        fail(_("the copy was written, but its check found: {problems}").format(
            problems="; ".join(problems)))
    click.echo(_("check: counts and id sums match, integrity check clean"))
