"""The console signs in without loading what its first screen does not show (issue 14, item 10:
start-up): in a fresh interpreter, the real boot (outline, then the main screen on a real
SQLite file, at 120 columns where both sides of the work area are in front) reaches the
ready desk without the ticket editor or the transfer panel (each built on first use),
without rich's emoji table (no label is parsed as markup with emoji codes) and without
pydantic; the operator signs in for the first time here (created, so checked, on the way)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.test_layering import ROOT

PROBE = """
import asyncio, json, sys
from pathlib import Path
from console.boot import BootingApp, Launch

folder = Path(sys.argv[1])

def prepare():
    import screens.main_screen  # as console.cli_run's prepare does
    from backends.sqlite import SqliteBackend

    return Launch(SqliteBackend(folder / "lean.db", region="IT"), "anna", folder / "drafts")

async def main():
    app = BootingApp(prepare, operator_hint="anna")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):  # bounded: 10 s
            await pilot.pause(0.05)
            if getattr(app.screen, "ready", False):
                break
        screen = app.screen
        assert screen.ready and screen.work_area.wide
        await pilot.pause(0.3)  # the frames after sign-in too

asyncio.run(main())
print(json.dumps(sorted(sys.modules)))
"""
# babel.numbers: its locale data is about 5 MB (a count under 1,000 needs none of it);
# holidays: all its 250 countries, about 18 MB, for a directory's opening hours;
# pydantic: about 9 MB and 50 ms of CPU: records are plain dataclasses (backends/record.py), the
# input models (pydantic) load with the first edit
NOT_AT_START = ("screens.tickets.ticket_editor", "screens.transfers.transfer_panel",
                "rich._emoji_codes", "babel.numbers", "holidays", "pydantic", "pydantic_core")


def test_the_ready_console_has_not_loaded_what_it_does_not_show(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    # the probe did reach the ready desk with its panes' registry and the queue's table
    assert {"screens.main_screen", "screens.tickets.pane", "textual.widgets._data_table"} <= loaded
    assert not loaded & set(NOT_AT_START), sorted(loaded & set(NOT_AT_START))


SETTINGS_AND_DRAFTS = """
import json, sys
from pathlib import Path
from console.settings import load_settings
from screens.tickets.drafts import Draft, DraftStore

folder = Path(sys.argv[1])
settings = load_settings(backend=str(folder / "lean.db"))
assert (settings.offer_timeout, settings.smtp_starttls) == (45, True), settings
store = DraftStore(folder / "drafts")
store.save(Draft(ticket_id=1, note="typed"))
assert [d.note for d in store.pending()] == ["typed"] and not store.problems
print(json.dumps(sorted(sys.modules)))
"""


def test_settings_and_drafts_load_without_pydantic(tmp_path: Path) -> None:
    """Every start reads the settings and builds a draft store: neither imports pydantic (its
    import and schemas cost ~50 ms and ~9 MB), on the success path included (a file, an
    environment variable, a flag; a draft written and read back)."""
    config = tmp_path / "centralino.toml"
    config.write_text("offer_timeout = 45\n[keys]\nanswer_next = 'f5'\n", encoding="utf-8")
    env = {**os.environ, "CENTRALINO_CONFIG": str(config), "CENTRALINO_SMTP_STARTTLS": "yes"}
    done = subprocess.run([sys.executable, "-c", SETTINGS_AND_DRAFTS, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert {"console.settings", "screens.tickets.drafts"} <= loaded  # the check itself works
    assert not {"pydantic", "pydantic_core"} & loaded
