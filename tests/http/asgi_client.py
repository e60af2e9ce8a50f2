"""In-process ASGI requests to a server app: status, sorted headers and body of the answer."""

from __future__ import annotations

import asyncio
from typing import Any

JSON = "application/json"


class Client:
    def __init__(self, app: Any, token: str) -> None:
        self.app, self.token = app, token

    async def send(self, method: str, path: str, body: bytes = b"", *,
                   token: str | None = "mine", content_type: str | None = JSON,
                   root_path: str = "", raising: bool = True
                   ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        path, _, query = path.partition("?")
        headers = [(b"host", b"test")]
        if token is not None:
            value = self.token if token == "mine" else token
            headers.append((b"authorization", f"Bearer {value}".encode()))
        if body or method == "POST":
            headers.append((b"content-length", str(len(body)).encode()))
            if content_type is not None:
                headers.append((b"content-type", content_type.encode()))
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": method, "scheme": "http", "path": path,
                 "raw_path": path.encode(), "query_string": query.encode(),
                 "root_path": root_path,
                 "headers": headers, "client": ("127.0.0.1", 5000),
                 "server": ("127.0.0.1", 8765), "state": {}}
        sent: list[dict[str, Any]] = []
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                await asyncio.sleep(30)
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        try:
            await asyncio.wait_for(self.app(scope, receive, send), timeout=10)
        except Exception:
            # after its 500 answer, Starlette raises the error again for the server to log
            if raising:
                raise
        start = next(m for m in sent if m["type"] == "http.response.start")
        payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return start["status"], sorted(start["headers"]), payload
