"""How soon the receptionist's directory shows another console's presence change (issue 19:
"within the 0.5 s of the change feed"), on a real SQLite file, the switchboard driven headless
by Textual's pilot at 80x24: the time from the store's answer to set_presence until the row
shows the new presence.

    .venv/bin/python bench/switchboard_live.py [--changes 20]

Prints the median and the slowest. Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from backends.people.models import Operator, Presence, Role
from backends.sqlite import SqliteBackend
from console.switchboard_app import SwitchboardApp


async def main(changes: int) -> None:
    from screens.switchboard.switchboard_screen import SwitchboardScreen

    with tempfile.TemporaryDirectory() as folder:
        store = SqliteBackend(Path(folder) / "live.db")
        await store.open()
        await store.people.upsert_operator(Operator(name="reception", role=Role.RECEPTIONIST,
                                                    presence=Presence.AVAILABLE))
        await store.people.upsert_operator(Operator(name="bruno", presence=Presence.AVAILABLE))
        app = SwitchboardApp(store, "reception", open_backend=False, close_backend=False,
                             drafts_dir=Path(folder) / "drafts")
        seen: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            def board() -> SwitchboardScreen | None:
                return next((s for s in app.screen_stack if isinstance(s, SwitchboardScreen)),
                            None)

            while (screen := board()) is None or not screen.ready or not screen.every_row:
                await pilot.pause(0.05)
            for n in range(changes):
                presence = Presence.AWAY if n % 2 == 0 else Presence.AVAILABLE
                want = "Away" if presence is Presence.AWAY else "Available"
                await store.people.set_presence("bruno", presence)
                start = time.perf_counter()
                while not any(r.name == "bruno" and r.state.startswith(want)
                              for r in screen.every_row):
                    await pilot.pause(0.01)
                seen.append(time.perf_counter() - start)
                await pilot.pause(0.1)
        await store.close()
    print(f"presence change -> directory row, {changes} changes: "
          f"median {statistics.median(seen):.3f} s, slowest {max(seen):.3f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=20)
    asyncio.run(main(parser.parse_args().changes))
