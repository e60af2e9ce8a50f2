"""What recording lapsed offers costs the transfers use cases (backends/transfers/service.py):
`list_transfers` on SQLite with no offer waiting, with N offers waiting (none lapsed: one extra
read), and the first call after N offers lapsed (the write that records them).

    .venv/bin/python bench/offer_lapse.py [--runs 5] [--iterations 50] [--offers 50]

Prints medians (ms) of `runs` runs, each the median of `iterations` calls, on a fresh file in a
temporary folder. Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from backends.calls.inputs import CallDraft
from backends.people.models import Operator, Presence
from backends.sqlite import SqliteBackend
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import TransferKind


async def median_ms(work: Callable[[], Awaitable[object]], iterations: int) -> float:
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        await work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def one_run(folder: Path, offers: int, iterations: int, timeout: int) -> dict[str, float]:
    store = SqliteBackend(folder / "bench.db", region="IT")
    await store.open()
    try:
        for name in ("anna", "bruno"):
            await store.people.upsert_operator(Operator(name=name, presence=Presence.AVAILABLE))

        async def listing() -> object:
            return await store.transfers.list_transfers(target="bruno", limit=20)

        figures = {"no offer waiting": await median_ms(listing, iterations)}
        for n in range(offers):
            call = await store.calls.create_call(CallDraft(caller=f"+39065550{n:03d}"))
            await store.calls.claim_call(call.id, "anna")
            await store.transfers.create_transfer(TransferDraft(
                call_id=call.id, from_operator="anna", target="bruno", kind=TransferKind.WARM,
                timeout_seconds=timeout))
        figures[f"{offers} offers waiting"] = await median_ms(listing, iterations)
        await asyncio.sleep(timeout + 0.2)
        start = time.perf_counter()
        await listing()
        figures[f"first call after {offers} lapsed"] = (time.perf_counter() - start) * 1000
        return figures
    finally:
        await store.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--offers", type=int, default=50)
    args = parser.parse_args()
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(await one_run(Path(folder), args.offers, args.iterations, timeout=2))
    for key in runs[0]:
        print(f"list_transfers, {key}: {statistics.median(r[key] for r in runs):.2f} ms "
              f"(median of {args.runs} runs)")


if __name__ == "__main__":
    asyncio.run(main())
