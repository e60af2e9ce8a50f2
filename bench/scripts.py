"""Call scripts and appointments on SQLite: loading the shipped script files, one step of the
interpreter, storing a call's answers and reading a contact's history among many answers,
booking an appointment among many.

    .venv/bin/python bench/scripts.py [--answers 20000] [--appointments 5000]

Prints medians (milliseconds). Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backends.appointments.api import APPOINTMENTS
from backends.appointments.inputs import AppointmentDraft
from backends.calls.inputs import CallDraft
from backends.scripts.api import SCRIPTS
from backends.scripts.inputs import ScriptAnswersDraft
from backends.scripts.loader import load_folders
from backends.scripts.models import GivenAnswer
from backends.scripts.runner import ScriptRun
from backends.sqlite import SqliteBackend

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "scripts"


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.3f} ms"


def files() -> None:
    loads, steps = [], []
    for _ in range(50):
        start = time.perf_counter()
        scripts = load_folders([SHIPPED])
        loads.append(time.perf_counter() - start)
    script = scripts["Fibre offer"]
    for _ in range(2000):
        run = ScriptRun(script, "it", {"first_name": "Ada", "offer": "Fibra", "price": "29"})
        start = time.perf_counter()
        run.answer("1")
        run.advance()
        run.text()
        steps.append(time.perf_counter() - start)
    print(f"load the shipped scripts (2 files)     {median_ms(loads)}")
    print(f"one step (answer, advance, text)       {median_ms(steps)}")


async def store(answers: int, appointments: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        backend = SqliteBackend(Path(folder) / "bench.db", region="IT")
        await backend.open()
        try:
            scripts = backend.domain(SCRIPTS)
            given = [GivenAnswer(step=f"s{n}", value="yes") for n in range(6)]
            writes = []
            for n in range(answers):
                call = await backend.calls.create_call(CallDraft(caller="+390612345678"))
                start = time.perf_counter()
                await scripts.record_answers(ScriptAnswersDraft(
                    call_id=call.id, operator="anna", script="bench", campaign_id=1,
                    contact_id=n % 5000 + 1, answers=given, completed=True))
                writes.append(time.perf_counter() - start)
            reads = []
            for n in range(500):
                start = time.perf_counter()
                await scripts.list_answers(contact_id=n + 1, limit=5)
                reads.append(time.perf_counter() - start)
            print(f"store a call's answers (of {answers})   {median_ms(writes)}")
            print(f"a contact's history (5 newest)         {median_ms(reads)}")
            service = backend.domain(APPOINTMENTS)
            books = []
            first = datetime.now(UTC) + timedelta(days=1)
            for n in range(appointments):
                start = time.perf_counter()
                await service.book_appointment(AppointmentDraft(
                    person=f"Colleague {n % 20}", starts_at=first + timedelta(hours=n // 20),
                    subject="bench", booked_by="anna"))
                books.append(time.perf_counter() - start)
            print(f"book an appointment (of {appointments})     {median_ms(books)}")
        finally:
            await backend.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--appointments", type=int, default=5_000)
    args = parser.parse_args()
    files()
    asyncio.run(store(args.answers, args.appointments))


if __name__ == "__main__":
    main()
