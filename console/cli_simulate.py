"""`centralino simulate`: live simulated callers on the configured backend, as its own process
(a lab's instructor runs it beside the trainees' consoles; a load test runs several)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from dataclasses import replace

import click

from backends.i18n import _, number
from backends.protocol import Backend
from backends.sanitize import clean_line
from console.common import fail, run_with_backend, settings_from
from console.lab_library import lab_numbers
from console.simulator import CallSimulator, SimEvent, SimulatorConfig, SimulatorStats

SUMMARY_EVERY = 10.0


def summary_line(stats: SimulatorStats) -> str:
    return _("{arrived} calls ({known} known callers), {abandoned} abandoned, "
             "{accepted} transfers accepted, {declined} declined, "
             "{presence} presence changes, {errors} errors").format(
        arrived=stats.arrived, known=stats.known_callers, abandoned=stats.abandoned,
        accepted=stats.transfers_accepted, declined=stats.transfers_declined,
        presence=stats.presence_changes, errors=stats.errors)


def _print_event(event: SimEvent) -> None:
    # caller addresses and directory names are data: never let them drive the terminal
    stamp = time.strftime("%H:%M:%S")
    line = clean_line(f"{stamp} {event.text}")
    click.echo(click.style(line, fg="red") if event.kind == "error" else line,
               err=event.kind == "error")


def _parse_patience(_ctx: click.Context, _param: click.Parameter,
                    value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    low_text, _sep, high_text = value.partition("-")
    try:
        low = float(low_text)
        high = float(high_text) if high_text else low
    except ValueError:
        raise click.BadParameter(_("expected seconds as MIN-MAX, e.g. 30-180")) from None
    if not 0 < low <= high:
        raise click.BadParameter(_("needs 0 < MIN <= MAX, e.g. 30-180"))
    return low, high


@click.command("simulate")
@click.option("--rate", type=click.FloatRange(min=0), default=6.0,
              show_default=True,
              help=_("calls per minute (Poisson arrivals); 0: no new callers, only the "
                     "colleagues and the callers already waiting"))
@click.option("--duration", type=click.FloatRange(min=0, min_open=True), default=None,
              help=_("seconds to run (default: until Ctrl-C)"))
@click.option("--seed", type=int, default=None, help=_("random seed, for repeatable runs"))
@click.option("--patience", default=None, metavar="MIN-MAX", callback=_parse_patience,
              help=_("seconds a caller waits before hanging up [default: 30-180]"))
@click.option("--quiet", "-q", is_flag=True,
              help=_("a summary every 10 seconds instead of a line per event"))
@click.pass_context
def simulate(ctx: click.Context, rate: float, duration: float | None, seed: int | None,
             patience: tuple[float, float] | None, quiet: bool) -> None:
    """Simulate callers, colleagues and transfers on the configured backend."""
    settings = settings_from(ctx)
    config = SimulatorConfig(rate_per_minute=rate,
                             patience=patience or (30.0, 180.0),
                             protect=frozenset({settings.operator.casefold()}))
    click.echo(_("Simulating {rate} calls a minute on {backend}; Ctrl-C stops.").format(
        rate=number(rate, 2, up_to=True), backend=clean_line(settings.backend)))

    async def work(backend: Backend) -> SimulatorStats:
        reserved = await lab_numbers(backend, settings.language)
        if reserved:
            click.echo(_("A lab database: the simulator leaves the scenarios' callers to "
                         "the lab."))
        simulator = CallSimulator(backend, replace(config, reserved_numbers=reserved),
                                  seed=seed, on_event=None if quiet else _print_event)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, simulator.stop)
        reporter = asyncio.create_task(_report(simulator)) if quiet else None
        try:
            return await simulator.run(duration=duration)
        finally:
            if reporter is not None:
                reporter.cancel()

    try:
        stats = run_with_backend(settings, work)
    except KeyboardInterrupt:  # pressed before the handlers were installed
        fail(_("interrupted"), code=130)
        return
    click.echo(_("Done: {summary}").format(summary=summary_line(stats)))


async def _report(simulator: CallSimulator) -> None:
    while not await simulator.pause(SUMMARY_EVERY):
        click.echo(f"{time.strftime('%H:%M:%S')} {summary_line(simulator.stats)}")
