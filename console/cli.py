"""The `centralino` command. Subcommands live in their own modules and are imported only when
invoked, so `centralino --help` and the console's start-up stay fast."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from backends.i18n import _

# command name → "module:attribute"; each module owns its commands
LAZY_COMMANDS: dict[str, str] = {
    "db": "console.cli_db:db",
    "config": "console.cli_db:config",
    "demo": "console.cli_run:demo",
    "simulate": "console.cli_simulate:simulate",
    "serve": "console.cli_server:serve",
    "operator": "console.cli_server:operator",
    "lab": "console.cli_lab:lab",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                return None  # not built yet
            return getattr(module, attr, None)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--backend", envvar="CENTRALINO_BACKEND", default=None,
              help=_("sqlite:///file or a path, http(s)://server, rt+http(s)://helpdesk"))
@click.option("--operator", envvar="CENTRALINO_OPERATOR", default=None,
              help=_("operator login to work as"))
@click.option("--token", envvar="CENTRALINO_TOKEN", default=None,
              help=_("API token for http and rt backends"))
@click.option("--region", envvar="CENTRALINO_REGION", default=None,
              help=_("country for phone numbers written without a prefix (IT, HU, RO, GB)"))
@click.pass_context
def cli(ctx: click.Context, **flags: Any) -> None:
    """Centralino: a keyboard-first console for call centres, switchboards and training labs.

    With no command, opens the console on the configured backend.
    """
    ctx.ensure_object(dict)
    ctx.obj["flags"] = flags
    if ctx.invoked_subcommand is None:
        try:
            from console.cli_run import run_console
        except ModuleNotFoundError:
            click.echo(ctx.get_help())
            return
        run_console(ctx)


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="centralino")
