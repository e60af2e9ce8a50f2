"""Child process for the crash test: edit a ticket in a headless console until the draft is on
disk, say READY, then wait to be killed with SIGKILL (no clean shutdown, no unmount flush).

Usage: python -m tests.ui_tickets.crash_child DB DRAFTS TICKET_ID
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from textual.widgets import TextArea

from tests.ui_tickets.harness import EditorApp, sqlite_backend, until


async def main(db: Path, drafts: Path, ticket_id: int) -> None:
    backend = sqlite_backend(db)
    await backend.open()
    app = EditorApp(backend, drafts)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.editor
        await editor.open_ticket(ticket_id)
        await until(pilot, lambda: editor.ticket is not None, "ticket loaded")
        editor.form.focus_subject()
        await pilot.press(*"Lost on crash?")
        editor.query_one("#note", TextArea).insert("typed before the crash")
        target = drafts / f"ticket-{ticket_id}.json"
        await until(pilot, lambda: target.exists() and "before the crash" in target.read_text(),
                    "draft written", steps=500)
        print("READY", flush=True)
        await asyncio.sleep(120)  # the parent kills us long before


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
