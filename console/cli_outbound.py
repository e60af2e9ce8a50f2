"""`centralino outbound`: the outbound workspace (console/outbound_app.py) on the configured
backend, for an operator working a campaign. Without telephony the phone is taken as
answered and the operator records what happened with the outcome keys. README, "Outbound
workspace"."""

from __future__ import annotations

import click

from backends.i18n import _


@click.command()
@click.option("--campaign", default=None, metavar="NAME",
              help=_("the campaign to start on (F3 moves to the next)"))
@click.pass_context
def outbound(ctx: click.Context, campaign: str | None) -> None:
    """The outbound workspace: a campaign's contacts, called with its script."""
    from console.flags import flags_of
    from console.outbound_app import open_workspace

    open_workspace(flags_of(ctx), [], None, campaign)
