"""An event the console cannot read is skipped, and the stream goes on without gap or repeat.

The real server only sends events it built from its own models, so it cannot be made to send a
bad one. The fault injector is therefore a real httpx transport in front of the real server on
loopback: it rewrites three chosen frames of every event stream (bad JSON, a missing field, an
event type this console does not know: what a newer or broken server might send) and cuts the
first stream right after the last of them, so the resume must start past the skipped frame."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from backends.http import HttpBackend
from tests.http.conftest import Site
from tests.http.feed_helpers import follow_while_writing

WRITES = 12


class RewriteStream(httpx.AsyncByteStream):
    """Re-frames the SSE bytes and passes each frame through `rewrite`; raises a ReadError
    right after the frame with id `cut_after`, when given."""

    def __init__(self, inner: httpx.AsyncByteStream, bad: BadFrames,
                 cut_after: int | None) -> None:
        self.inner = inner
        self.bad = bad
        self.cut_after = cut_after

    async def __aiter__(self):  # type: ignore[override]
        buffer = b""
        async for chunk in self.inner:
            buffer += chunk
            while b"\n\n" in buffer:
                frame, buffer = buffer.split(b"\n\n", 1)
                frame_id = self.bad.id_of(frame)
                yield self.bad.rewrite(frame_id, frame) + b"\n\n"
                if frame_id is not None and frame_id == self.cut_after:
                    raise httpx.ReadError("injected: connection cut after a bad frame")

    async def aclose(self) -> None:
        await self.inner.aclose()


class BadFrames(httpx.AsyncBaseTransport):
    def __init__(self, bad_json: int, missing_field: int, unknown_type: int) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.ids = (bad_json, missing_field, unknown_type)
        self.resumed_from: list[int] = []

    @staticmethod
    def id_of(frame: bytes) -> int | None:
        for line in frame.split(b"\n"):
            if line.startswith(b"id: "):
                return int(line[4:])
        return None

    def rewrite(self, frame_id: int | None, frame: bytes) -> bytes:
        bad_json, missing_field, unknown_type = self.ids
        lines = frame.split(b"\n")
        if frame_id == bad_json:
            return b"\n".join(b'data: {"id": %d, "kind": ' % frame_id if line.startswith(
                b"data:") else line for line in lines)
        if frame_id == missing_field:
            out = []
            for line in lines:
                if line.startswith(b"data: "):
                    body = json.loads(line[6:])
                    del body["subject"]
                    line = b"data: " + json.dumps(body).encode()
                out.append(line)
            return b"\n".join(out)
        if frame_id == unknown_type:
            return frame.replace(b"event: change", b"event: presence.v2")
        return frame

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.headers.get("accept") != "text/event-stream":
            return response
        self.resumed_from.append(int(request.headers["last-event-id"]))
        cut_after = self.ids[-1] if len(self.resumed_from) == 1 else None
        return httpx.Response(response.status_code, headers=response.headers,
                              stream=RewriteStream(response.stream, self, cut_after),  # type: ignore[arg-type]
                              request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_bad_events_are_skipped_and_the_feed_resumes_past_them(
        site: Site, admin: HttpBackend, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="centralino.http")
    start = await admin.feed.last_event_id()
    bad = (start + 3, start + 5, start + 6)
    faults = BadFrames(*bad)
    _start, last, seen = await follow_while_writing(site, admin, faults, WRITES,
                                                    "Segreto Rossi", start=start)
    expected = [i for i in range(start + 1, last + 1) if i not in bad]
    assert [e.id for e in seen] == expected  # every good event once, in order
    assert faults.resumed_from[:2] == [start, bad[-1]]  # the resume starts past the skipped one
    warnings = [r.getMessage() for r in caplog.records if r.name == "centralino.http"]
    assert len(warnings) == 3, warnings
    for event_id, message in zip(bad, warnings, strict=True):
        assert f"event {event_id} skipped" in message
        assert "Segreto" not in message and "Rossi" not in message  # no payload in the log
    assert "json_invalid" in warnings[0] and "subject" in warnings[1]
    assert "unknown event type" in warnings[2]
