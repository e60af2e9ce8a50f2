"""The top-level flags of the `centralino` command as its subcommands read them (a module of
its own: the subcommands' modules and console.common read it, and console.cli imports them)."""

from __future__ import annotations

from typing import Any

import click


def flags_of(ctx: click.Context, **overrides: Any) -> dict[str, Any]:
    """The top-level flags given (None: not given), with a command's own on top."""
    flags = dict((ctx.find_root().obj or {}).get("flags", {}))
    flags.update({k: v for k, v in overrides.items() if v is not None})
    return flags
