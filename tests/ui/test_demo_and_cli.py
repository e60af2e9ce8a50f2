"""`centralino demo` pieces and the bare `centralino` command's error path, for real: the demo
database is seeded into a side file and moved in place; the simulator runs inside the console
as a worker and its calls reach the queue with no key press."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from backends.models import Presence
from console import paths
from console.app import CentralinoApp
from console.cli import cli
from console.cli_run import DEMO_OPERATOR, _seed, simulator_task
from console.operator_folders import operator_drafts_dir
from console.settings import load_settings
from tests.ui.helpers import frozen_clock, queue_ids, sqlite_backend, started, wait_for


async def test_demo_database_is_seeded_then_the_simulator_feeds_the_queue(
        tmp_path: Path) -> None:
    path = paths.demo_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = load_settings(backend=str(path), operator=DEMO_OPERATOR)
    await _seed(path, 200, settings)
    assert path.exists()
    assert not path.with_name(path.name + ".partial").exists()

    backend = sqlite_backend(path)
    app = CentralinoApp(backend, DEMO_OPERATOR, clock=frozen_clock, cursor_blink=False,
                        drafts_dir=tmp_path / "drafts", background=[simulator_task(600.0)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        assert screen.operator.presence is Presence.AVAILABLE
        await wait_for(pilot, lambda: len(queue_ids(screen)) >= 2, timeout=15.0,
                       what="simulated calls in the queue")
        assert (await backend.customers.get_customer(1)).code  # the seeded customers are there


def test_bare_command_reports_a_bad_backend_without_traceback() -> None:
    result = CliRunner().invoke(cli, ["--backend", "ftp://nowhere/x"])
    assert result.exit_code == 1
    assert "backend" in result.output and "Traceback" not in result.output


def test_demo_help_lists_its_options() -> None:
    result = CliRunner().invoke(cli, ["demo", "--help"])
    assert result.exit_code == 0
    assert "--customers" in result.output and "--rate" in result.output


async def test_a_new_demo_database_drops_the_old_demos_drafts(tmp_path: Path) -> None:
    """Seeding the demo again (--reset, or after deleting it) makes new tickets under the old
    numbers: a draft typed on the old ticket 5 must not be offered on the new one."""
    path = paths.demo_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    old_demo = operator_drafts_dir(DEMO_OPERATOR, str(path))
    other = operator_drafts_dir(DEMO_OPERATOR, str(tmp_path / "real.db"))
    for folder in (old_demo, other):
        folder.mkdir(parents=True)
        (folder / "ticket-5.json").write_text("{}", encoding="utf-8")
    settings = load_settings(backend=str(path), operator=DEMO_OPERATOR)
    await _seed(path, 20, settings)
    assert not old_demo.exists()
    assert (other / "ticket-5.json").exists()  # another database's drafts are not touched
