"""The commands' help in the operator's language: click keeps each command's docstring and
each option's help as given, so they are passed through the catalog once, when the command is
loaded (scripts/i18n.py puts the commands' docstrings into the catalog)."""

from __future__ import annotations

import importlib
import inspect

import click

from backends.i18n import N_, _

# click's own words around the help and its errors: click looks them up with the standard
# gettext (its own domain, the process locale), so they are listed here for our catalogs and
# `use_catalog_for_click` has click look them up in ours
CLICK_TEXTS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit."),
    N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("No such command {name!r}."), N_("No such option {name!r}."),
    N_("Invalid value for {param_hint}: {message}"), N_("Missing argument"),
    N_("Missing option"), N_("Aborted!"), N_("default: {default}"), N_("env var: {var}"),
)
CLICK_MODULES = ("click.core", "click.formatting", "click.exceptions", "click.decorators",
                 "click.parser", "click.termui")


def use_catalog_for_click() -> None:
    """Point the `_` each of click's modules imported at ours (a message we have no
    translation for passes through unchanged, as with click's own lookup)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if callable(getattr(module, "_", None)):
            module._ = _  # type: ignore[attr-defined]


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
