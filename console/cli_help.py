"""The commands' help in the operator's language: click keeps each command's docstring and
each option's help as given, so they are passed through the catalog once, when the command is
loaded (scripts/i18n.py puts the commands' docstrings into the catalog)."""

from __future__ import annotations

import inspect

import click

from backends.i18n import _


def translate_help(command: click.Command) -> click.Command:
    """`command`, its options and its subcommands with their help translated (once)."""
    if getattr(command, "centralino_translated", False):
        return command
    if command.help:
        command.help = _(inspect.cleandoc(command.help))
    if command.short_help:
        command.short_help = _(command.short_help)
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            param.help = _(param.help)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate_help(sub)
    command.centralino_translated = True  # type: ignore[attr-defined]
    return command
