"""A response's head goes out with its body in one send (backends/server/connections.py,
HeadWithBody), and a streamed response whose body comes later still gets its head at once.

Real uvicorn with the server's own protocol on 127.0.0.1, a small ASGI app, raw sockets; the
sends are counted on the connection's real transport."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn

from backends.server.connections import GuardedHttpProtocol

pytestmark = pytest.mark.sqlite_only("the server's HTTP protocol alone: no store")

sends: list[bytes] = []
go_on = asyncio.Event()


class CountingTransport:
    """The connection's transport, its sends recorded."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport

    def write(self, data: bytes) -> None:
        sends.append(bytes(data))
        self._transport.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class Counted(GuardedHttpProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(CountingTransport(transport))  # type: ignore[arg-type]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    if scope["path"] == "/stream":  # the head now, the body when the test says so
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/event-stream")]})
        await go_on.wait()
        await send({"type": "http.response.body", "body": b"data: 1\n\n"})
        return
    body = b'{"ok": true}'
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture
async def port() -> AsyncIterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free, http=Counted,
                                           lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    sends.clear()
    go_on.clear()
    try:
        yield free
    finally:
        go_on.set()
        server.should_exit = True
        await task


async def test_an_answer_is_one_send_and_a_late_body_leaves_the_head_to_go_first(
        port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(2):  # keep-alive: each answer of the connection
            writer.write(b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
            head = await reader.readuntil(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200")
            assert await reader.readexactly(12) == b'{"ok": true}'
        assert len(sends) == 2 and all(s.endswith(b'{"ok": true}') for s in sends)

        sends.clear()
        writer.write(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)  # before any body
        assert b"text/event-stream" in head and len(sends) == 1
        go_on.set()
        assert b"data: 1" in await asyncio.wait_for(reader.readuntil(b"\n\n"), 10)
    finally:
        writer.close()
