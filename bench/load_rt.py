"""Request Tracker 5 beside `centralino serve`: the same ticket read and search, timed on both.

Called by bench/load.py after its load runs (`--rt`, or RT_URL and RT_TOKEN_FILE set). Starts a
private RT with tests/rt_server.start (as the tests do: a temporary state dir, bcrypt cost 4, a
cached fresh database under the system temp dir) unless RT_URL/RT_TOKEN_FILE name one, seeds it
with RT_TICKETS tickets through REST 2.0, and starts a second `centralino serve` over a SQLite
file with the same tickets, so both sides search the same number of tickets with the same
subjects ("Request 0" ...) and read a ticket with the same one note. Then, unloaded, times
SAMPLES sequential repetitions of each operation on both sides (after one untimed warm-up) and
prints p50, p95 and the ratio RT/ours. The RT it started and the second server are stopped at
the end, also on an error or Ctrl-C.

What is compared, per side (the RT requests are those backends/rt/tickets.py sends):
- ticket read = the ticket and its entries. Ours: GET /v1/tickets/{id}, GET
  /v1/tickets/{id}/entries. RT: GET /ticket/{id}, its /history and /attachments (the entry
  texts); our RT adapter sends these three plus a second GET of the ticket.
- search by words of the subject, 20 results at most, newest first. Ours: POST
  /v1/tickets/search (subjects and entry texts). RT: TicketSQL `Subject LIKE … OR Content LIKE …`
  as the adapter asks it, in one request that also returns the fields the result list shows;
  and, for the word with 20 hits, as the adapter does it (ids, then each ticket, 4 at a time).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

import httpx

from backends.people.models import Role
from backends.rt.client import RtClient
from backends.server.provision import add_operator, issue_token
from backends.sqlite import SqliteBackend
from tests.http.harness import ServerProcess
from tests.rt_server import STOP, start

RT_TICKETS = 200
SAMPLES = 30
SEED_AT_ONCE = 3  # tests/rt_server.start runs RT with 3 workers; more would only queue there
QUEUE = "General"
READ_INDEX = 100  # the ticket read on both sides: subject "Request 100"
# one query that hits one ticket on both sides, one word that hits all (20 returned). Not a
# bare number: both our server and our RT adapter read that as a ticket id too
WORDS = ("Request 142", "Request")
# the ticket fields the console's result list maps (backends/rt/mapping.ticket_from_rt)
LIST_FIELDS = "Subject,Priority,Status,Owner,Due,Created,LastUpdated,Requestor,CustomFields"
# RT's own first start is the slow part: a fresh database is cached here between runs
TEMPLATES = Path(tempfile.gettempdir()) / "centralino-bench-rt-templates"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Timing:
    """SAMPLES sequential runs of one operation; `found` is what the last run returned (hits,
    entries), printed so that both sides can be seen to answer the same."""

    def __init__(self, seconds: list[float], found: int) -> None:
        self.p50 = statistics.median(seconds) * 1000
        self.p95 = percentile(seconds, 0.95) * 1000
        self.found = found

    def __str__(self) -> str:
        return f"{self.p50:.1f} / {self.p95:.1f}"


async def timed(work: Callable[[], Awaitable[int]], samples: int = SAMPLES) -> Timing:
    await work()  # warm-up: first-request costs (RT compiles its Mason components) excluded
    seconds = []
    found = 0
    for _ in range(samples):
        begin = time.perf_counter()
        found = await work()
        seconds.append(time.perf_counter() - begin)
    return Timing(seconds, found)


# ------------------------------------------------------------------------------ our side
class Ours:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def read(self, ticket_id: int) -> int:
        (await self.http.get(f"/v1/tickets/{ticket_id}")).raise_for_status()
        entries = await self.http.get(f"/v1/tickets/{ticket_id}/entries")
        entries.raise_for_status()
        return len(entries.json())

    async def search(self, word: str) -> int:
        found = await self.http.post("/v1/tickets/search", json={"q": word, "limit": 20})
        found.raise_for_status()
        return len(found.json())


async def seed_ours(db_path: Path, count: int) -> str:
    """A SQLite file with the tickets seeded into RT (same subjects, one note each, no
    customer) and an operator; returns the operator's token."""
    store = SqliteBackend(db_path)
    await store.open()
    try:
        await store.bulk_load("tickets", (
            {"subject": f"Request {i}", "entries": [{"body": "First note", "author": "seed"}]}
            for i in range(count)))
        await add_operator(store, "rtcompare", Role.OPERATOR)
    finally:
        await store.close()
    return issue_token(db_path, "rtcompare")


# ------------------------------------------------------------------------------ RT side
class Rt:
    def __init__(self, client: RtClient) -> None:
        self.client = client

    async def read(self, ticket_id: int) -> int:
        await self.client.get_json(f"/ticket/{ticket_id}")
        history = await self.client.collection(
            f"/ticket/{ticket_id}/history", limit=1000,
            fields="Type,Creator,Created,CustomFields")
        attachments = await self.client.collection(
            f"/ticket/{ticket_id}/attachments", limit=1000,
            fields="TransactionId,ContentType,Content")
        # the entries the adapter makes of them: creations, comments, replies with a text
        texts = {int(a.get("TransactionId") or 0) for a in attachments
                 if str(a.get("ContentType", "")).startswith("text/plain")
                 and str(a.get("Content") or "").strip()}
        return sum(1 for t in history if t.get("Type") in ("Create", "Comment", "Correspond")
                   and int(t["id"]) in texts)

    @staticmethod
    def _query(word: str) -> str:
        return (f"Queue = '{QUEUE}' AND (Subject LIKE '{word}' OR Content LIKE '{word}')")

    async def search(self, word: str) -> int:
        items = await self.client.collection(
            "/tickets", limit=20, query=self._query(word), orderby="id", order="DESC",
            fields=LIST_FIELDS)
        return len(items)

    async def search_like_adapter(self, word: str) -> int:
        items = await self.client.collection(
            "/tickets", limit=20, query=self._query(word), orderby="id", order="DESC",
            fields="id")
        gate = asyncio.Semaphore(4)  # backends/rt/base.RtBase._gather

        async def one(ticket_id: str) -> None:
            async with gate:
                await self.client.get_json(f"/ticket/{ticket_id}")

        await asyncio.gather(*(one(i["id"]) for i in items))
        return len(items)

    async def seed(self, count: int) -> dict[int, int]:
        """`count` tickets "Request i" with one note, SEED_AT_ONCE at a time: i → RT id."""
        gate = asyncio.Semaphore(SEED_AT_ONCE)

        async def one(i: int) -> tuple[int, int]:
            async with gate:
                created = await self.client.post_json("/ticket", {
                    "Queue": QUEUE, "Subject": f"Request {i}", "Content": "First note",
                    "ContentType": "text/plain"})
                return i, int(created["id"])

        return dict(await asyncio.gather(*(one(i) for i in range(count))))


def stop_rt(state: Path) -> None:
    """Stop the RT of `state` by the PID start-rt.sh recorded; also after a start that was
    interrupted once the server was launched."""
    if (state / "rt-server.pid").is_file():
        subprocess.run(["bash", str(STOP), str(state)], capture_output=True, timeout=60,
                       check=False)


# ------------------------------------------------------------------------------ compare
async def compare_with_rt(url: str, token: str, *, start_rt: bool) -> None:
    """`url`/`token`: the load run's server (2000 tickets), timed too, for reference."""
    rt_url, token_file = os.environ.get("RT_URL"), os.environ.get("RT_TOKEN_FILE")
    external = bool(rt_url and token_file)
    if not external and not start_rt:
        print("RT comparison: skipped (pass --rt to start a Request Tracker)")
        return
    with tempfile.TemporaryDirectory(prefix="centralino-load-rt-") as tmp:
        state = Path(tmp) / "rt-state"
        small: ServerProcess | None = None
        client: RtClient | None = None
        try:
            if external:
                assert rt_url and token_file
                client = RtClient(rt_url, token=Path(token_file).read_text().strip(),
                                  timeout=60)
                origin = f"RT at {rt_url} (token auth: one bcrypt check per request)"
            else:
                cached = any(TEMPLATES.glob("rt-*/rt.sqlite"))
                begin = time.monotonic()
                # blocking on purpose: nothing else runs now, and a Ctrl-C cancels this task
                # only once start() has returned or failed, so the finally sees its PID file
                server = start(state, templates=TEMPLATES)
                origin = (f"RT started in {time.monotonic() - begin:.1f} s ("
                          + ("database from the cached template" if cached else
                             "fresh database, now cached") + f" in {TEMPLATES}); "
                          "session cookie auth as our adapter with user and password, "
                          "no keep-alive (start-rt.sh default)")
                client = RtClient(server.url, user=server.user, password=server.password,
                                  timeout=60)
            await client.open()
            rt = Rt(client)
            version = (await client.get_json("/rt"))[0].get("Version", "?")
            begin = time.monotonic()
            rt_ids = await rt.seed(RT_TICKETS)
            seed_s = time.monotonic() - begin
            total = (await client.get_json("/tickets", query=f"Queue = '{QUEUE}'",
                                           per_page=1, fields="id"))[0].get("total")

            db_path = Path(tmp) / "compare.db"
            small_token = await seed_ours(db_path, RT_TICKETS)
            small = await asyncio.to_thread(ServerProcess(db_path).start)
            async with httpx.AsyncClient(base_url=small.url, timeout=60, headers={
                    "Authorization": f"Bearer {small_token}"}) as http_small, \
                    httpx.AsyncClient(base_url=url, timeout=60, headers={
                        "Authorization": f"Bearer {token}"}) as http_load:
                ours, load = Ours(http_small), Ours(http_load)
                subjects = {(await http_small.get(f"/v1/tickets/{READ_INDEX + 1}")).json()[
                    "subject"], (await client.get_json(f"/ticket/{rt_ids[READ_INDEX]}"))[0][
                    "Subject"]}
                if subjects != {f"Request {READ_INDEX}"}:
                    raise RuntimeError(f"the tickets to read differ: {sorted(subjects)}")
                rows: list[tuple[str, Timing, Timing]] = [(
                    "ticket read: the ticket and its entries (ours: GET ticket, GET entries;"
                    " RT: GET ticket, history, attachments)",
                    await timed(lambda: ours.read(READ_INDEX + 1)),
                    await timed(lambda: rt.read(rt_ids[READ_INDEX])))]
                for word in WORDS:
                    rows.append((f'search "{word}" (RT: one TicketSQL request with the list\'s'
                                 " fields)",
                                 await timed(partial(ours.search, word)),
                                 await timed(partial(rt.search, word))))
                rows.append((f'search "{WORDS[-1]}" (RT as our adapter does it: ids, then each'
                             " ticket, 4 at a time)", rows[-1][1],
                             await timed(lambda: rt.search_like_adapter(WORDS[-1]))))
                ref_read = await timed(lambda: load.read(READ_INDEX + 1))
                ref_search = await timed(lambda: load.search(WORDS[0]))
        finally:
            # blocking, and before any await: after a Ctrl-C the first await here may be
            # cancelled, and whatever came after it would never run
            if small is not None:
                small.stop()
            if not external:
                stop_rt(state)
            if client is not None:
                await client.close()
    print(f"RT comparison: Request Tracker {version}, {origin}; seeded {RT_TICKETS} tickets in "
          f"{seed_s:.1f} s (REST 2.0, {SEED_AT_ONCE} at a time; queue {QUEUE} holds {total}); "
          f"ours: a second `centralino serve` over SQLite with the same {RT_TICKETS} tickets "
          '("Request 0" ..., one note each, no customer)')
    print(f"RT comparison: {SAMPLES} sequential samples each after one warm-up, unloaded, "
          "p50 / p95 ms, [results: entries or hits]:")
    for label, our, their in rows:
        print(f"  {label}: ours {our} [{our.found}], RT {their} [{their.found}] -> "
              f"RT/ours x{their.p50 / our.p50:.1f} (p50), x{their.p95 / our.p95:.1f} (p95)")
    print(f"  reference, ours on the load run's database ({url}, after the load): ticket "
          f"read {ref_read} [{ref_read.found}], search \"{WORDS[0]}\" {ref_search} "
          f"[{ref_search.found}]")
