"""Helpers shared by the CLI modules: settings from click flags, backend lifecycle, errors."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import click

from backends import phones
from backends.errors import BackendError
from backends.i18n import _
from backends.protocol import Backend
from backends.redact import mask_url_credentials
from backends.registry import BackendOptions, create_backend
from backends.sanitize import clean_line
from console.flags import flags_of
from console.language import activate_language
from console.settings import Settings, load_settings

T = TypeVar("T")
BackendFactory = Callable[[Settings], Backend]


def apply_settings(flags: dict[str, Any]) -> Settings:
    """Settings from `flags` > environment > file; sets the phone region and the language.
    Raises Invalid on a bad value (console.boot calls this off the event loop)."""
    settings = load_settings(**flags)
    phones.set_default_region(settings.region)
    activate_language(settings.language)
    return settings


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    """Settings with the top-level flags (and any command's own) applied on top; the
    configured language is active from here on."""
    try:
        return apply_settings(flags_of(ctx, **overrides))
    except BackendError as exc:
        fail(exc)


def backend_for(settings: Settings) -> Backend:
    options = BackendOptions(token=settings.token, user=settings.user,
                             password=settings.password, region=settings.region)
    return create_backend(settings.backend, options)


def fail(exc: BackendError | str, code: int = 1) -> NoReturn:
    """Print a clear error (no traceback) and exit non-zero. The message may quote server
    texts, file contents or URLs: control and escape sequences are shown, never sent, and
    passwords in URLs are masked."""
    message = exc.message if isinstance(exc, BackendError) else exc
    # a backend URL in the message may carry a password (http://anna:hunter2@host)
    message = mask_url_credentials(message)
    click.echo(click.style(_("error: "), fg="red", bold=True) + clean_line(message), err=True)
    sys.exit(code)


def quiet_broken_pipe() -> None:
    """The reader went away (`… | head`): stop quietly, as Unix tools do. stdout is pointed at
    /dev/null so the interpreter's final flush does not complain either."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def run_with_backend(settings: Settings, work: Callable[[Backend], Awaitable[T]],
                     backend_factory: BackendFactory | None = None) -> T:
    """Open the backend (`backend_factory(settings)`, the configured one by default), run
    `work`, close it. BackendErrors become clean exits, Ctrl+C a short message, a closed
    output pipe a quiet exit; other OS errors one line, never a traceback."""
    make = backend_factory or backend_for

    async def runner() -> T:
        backend = make(settings)
        await backend.open()
        try:
            return await work(backend)
        finally:
            await backend.close()

    try:
        return asyncio.run(runner())
    except BackendError as exc:
        fail(exc)
    except KeyboardInterrupt:
        fail(_("interrupted"), code=130)
    except BrokenPipeError:
        quiet_broken_pipe()
    except OSError as exc:
        fail(_("{what}: {why}").format(what=exc.filename or _("input/output error"),
                                       why=exc.strerror or exc))
    raise AssertionError("unreachable: fail exits")
