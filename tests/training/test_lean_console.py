"""The trainee's console loads only what its first screen needs (issue 20: RSS per console on
a low-end lab machine): in a fresh interpreter, the `lab train` command's modules and a lab
database opened, read and written (a trainee's action) on SQLite import neither sqlite-utils
(only migrations use it), nor phonenumbers (loaded with the first number), nor httpx, the
server's parts or the plots, nor pydantic (~9 MB and ~50 ms a console: records are plain
dataclasses, backends/record.py)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from tests.ui_lab.harness import ROOT, running_class

PROBE = """
import asyncio, json, sys
import console.cli_lab, console.lab_app, screens.training.trainee_screen
from backends.sqlite import SqliteBackend
from backends.training.api import TRAINING

from backends.training.play import TraineeAction
from backends.training.scenarios import Action

async def main():
    async with SqliteBackend(sys.argv[1]) as store:
        lab = store.domain(TRAINING)
        (first, *_rest) = await lab.list_assignments(trainee="ada")
        # a trainee's action is checked and stored too (backends/record_check.py)
        await lab.begin(first.id, "ada")
        await lab.record(first.id, "ada", TraineeAction(kind=Action.ANSWER))

asyncio.run(main())
print(json.dumps(sorted(sys.modules)))
"""
HEAVY = ("sqlite_utils", "phonenumbers", "httpx", "fastapi", "plotext", "textual_plotext",
         "textual_serve", "aiohttp", "holidays", "pydantic", "pydantic_core")


def test_the_trainee_console_does_not_import_what_it_does_not_use(tmp_path: Path) -> None:
    db = tmp_path / "lab.db"
    asyncio.run(running_class(db, ["identify-calm"]))  # created and migrated here
    done = subprocess.run([sys.executable, "-c", PROBE, str(db)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {name.partition(".")[0] for name in json.loads(done.stdout)}
    assert {"textual", "console", "screens"} <= loaded  # the probe did import the console
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
