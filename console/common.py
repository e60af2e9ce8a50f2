"""Helpers shared by the CLI modules: settings from click flags, backend lifecycle, errors."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import click

from backends import phones
from backends.errors import BackendError
from backends.protocol import Backend
from backends.registry import BackendOptions, create_backend
from console.settings import Settings, load_settings

T = TypeVar("T")


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    """Settings with the top-level flags (and any command's own) applied on top."""
    flags = dict((ctx.find_root().obj or {}).get("flags", {}))
    flags.update({k: v for k, v in overrides.items() if v is not None})
    try:
        settings = load_settings(**flags)
        phones.set_default_region(settings.region)
    except BackendError as exc:
        fail(exc)
    return settings


def backend_for(settings: Settings) -> Backend:
    options = BackendOptions(token=settings.token, user=settings.user,
                             password=settings.password, region=settings.region)
    return create_backend(settings.backend, options)


def fail(exc: BackendError | str, code: int = 1) -> None:
    """Print a clear error (no traceback) and exit non-zero."""
    message = exc.message if isinstance(exc, BackendError) else exc
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
    sys.exit(code)


def run_with_backend(settings: Settings, work: Callable[[Backend], Awaitable[T]]) -> T:
    """Open the configured backend, run `work`, close it; BackendErrors become clean exits."""

    async def runner() -> T:
        backend = backend_for(settings)
        await backend.open()
        try:
            return await work(backend)
        finally:
            await backend.close()

    try:
        return asyncio.run(runner())
    except BackendError as exc:
        fail(exc)
        raise  # unreachable, for type checkers
