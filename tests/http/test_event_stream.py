"""The change feed over SSE: resumed after a cut with no gap and no duplicate.

The fault injector is a real httpx transport that forwards to the server and cuts the first
event streams after a number of bytes (mid-frame), as a dropped connection would."""

from __future__ import annotations

import asyncio

import httpx

from backends.customers.inputs import CustomerDraft
from backends.http import HttpBackend
from backends.people.models import Role
from tests.http.conftest import Site
from tests.http.feed_helpers import follow_while_writing

WRITES = 40


class CutStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, limit: int) -> None:
        self.inner = inner
        self.limit = limit

    async def __aiter__(self):  # type: ignore[override]
        sent = 0
        async for chunk in self.inner:
            if sent + len(chunk) >= self.limit:
                yield chunk[: self.limit - sent]
                raise httpx.ReadError("injected: connection cut mid-stream")
            sent += len(chunk)
            yield chunk

    async def aclose(self) -> None:
        await self.inner.aclose()


class CutEventStreams(httpx.AsyncBaseTransport):
    """Cut the first `cuts` event streams after `limit` bytes each; record Last-Event-IDs."""

    def __init__(self, cuts: int, limit: int) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.cuts = cuts
        self.limit = limit
        self.resumed_from: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.headers.get("accept") == "text/event-stream":
            self.resumed_from.append(request.headers.get("last-event-id", ""))
            if self.cuts > 0:
                self.cuts -= 1
                return httpx.Response(response.status_code, headers=response.headers,
                                      stream=CutStream(response.stream, self.limit),  # type: ignore[arg-type]
                                      request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_cut_streams_resume_without_gap_or_duplicate(site: Site,
                                                           admin: HttpBackend) -> None:
    faults = CutEventStreams(cuts=3, limit=900)  # ~2–3 frames, then a cut inside the next
    start, last, seen = await follow_while_writing(site, admin, faults, WRITES, "Cliente")
    assert [e.id for e in seen] == list(range(start + 1, last + 1))
    assert faults.cuts == 0 and len(faults.resumed_from) >= 4
    resumed = [int(x) for x in faults.resumed_from]
    assert resumed == sorted(resumed) and resumed[0] == start  # each resume from the last id


async def test_last_event_id_header_and_keepalive(site: Site, admin: HttpBackend) -> None:
    for i in range(5):
        await admin.customers.create_customer(CustomerDraft(name=f"Cliente {i}"))
    last = await admin.feed.last_event_id()
    lines: list[str] = []
    headers = {"Accept": "text/event-stream", "Last-Event-ID": str(last - 2)}
    async with site.client(Role.TRAINER) as http, \
            http.stream("GET", "/v1/events", headers=headers) as response:
        assert response.headers["content-type"].startswith("text/event-stream")

        async def read() -> None:
            async for line in response.aiter_lines():
                lines.append(line)
                if line.startswith(": keepalive"):
                    return

        await asyncio.wait_for(read(), 15)  # the test server's heartbeat is 1 s
    ids = [int(line.split(":", 1)[1]) for line in lines if line.startswith("id:")]
    assert ids == [last - 1, last]


async def test_feed_from_now_skips_the_past(site: Site, admin: HttpBackend) -> None:
    before = await admin.customers.create_customer(CustomerDraft(name="Before"))
    consumer = site.backend(Role.OPERATOR)
    await consumer.open()
    feed = consumer.feed.events()
    after: list[int] = []
    try:
        first = asyncio.ensure_future(anext(feed))  # type: ignore[arg-type]
        for i in range(10):  # bounded: write until the feed, started "now", reports one
            after.append(
                (await admin.customers.create_customer(CustomerDraft(name=f"After {i}"))).id
            )
            done, _ = await asyncio.wait({first}, timeout=1.0)
            if done:
                break
        event = await asyncio.wait_for(first, 15)
    finally:
        await feed.aclose()  # type: ignore[attr-defined]
        await consumer.close()
    assert event.subject != f"customer:{before.id}"
    assert event.subject in {f"customer:{i}" for i in after}


async def test_json_page_of_events(site: Site, admin: HttpBackend) -> None:
    for i in range(3):
        await admin.customers.create_customer(CustomerDraft(name=f"Cliente {i}"))
    last = await admin.feed.last_event_id()
    page = await admin.feed.read_events(after_id=last - 2, limit=10)
    assert [e.id for e in page] == [last - 1, last]
    async with site.client(Role.OPERATOR) as http:
        raw = await http.get("/v1/events", params={"after": last - 1})
    assert [e["id"] for e in raw.json()] == [last]
