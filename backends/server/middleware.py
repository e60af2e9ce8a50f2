"""Pure ASGI middleware (cheaper than BaseHTTPMiddleware): body size limit and access log.

The access log is one JSON line per request with the route *template* (/v1/customers/{id}),
never the query string or a body, so no name or phone number reaches the log.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backends.i18n import _

access_log = logging.getLogger("centralino.access")


DRAIN_LIMIT = 16 * 1024 * 1024  # beyond this, stop reading and let the connection close


class BodyTooLarge(Exception):
    pass


def _too_large(limit: int) -> bytes:
    return json.dumps({"code": "invalid", "field": "body", "message": _(
        "the body is larger than {n} bytes; send less at once").format(n=limit)}).encode()


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length" and (
                    not value.isdigit() or int(value) > self.max_body):
                await self._drain(receive)
                await self._refuse(send)
                return
            if name == b"transfer-encoding":
                chunked = True
        if not chunked:
            # the body is Content-Length bytes (checked above) or none: nothing to count, and
            # no wrapper on receive/send (an SSE stream sends through here many times a second)
            await self.app(scope, receive, send)
            return
        seen = 0
        exceeded = refused = finished = False

        async def counted() -> Message:
            nonlocal seen, exceeded, finished
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                finished = not message.get("more_body", False)
                if seen > self.max_body:
                    exceeded = True
                    if not finished:
                        await self._drain(receive)
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # the app may turn the aborted read into an error of its own: answer 413 instead
            nonlocal refused
            if not exceeded:
                await send(message)
            elif message["type"] == "http.response.start" and not refused:
                refused = True
                await self._refuse(send)

        try:
            await self.app(scope, counted, guarded_send)
        except BodyTooLarge:
            if not refused:
                await self._refuse(send)

    async def _drain(self, receive: Receive) -> None:
        """Read and drop the rest of the body (bounded), so the client finishes sending and
        reads the 413 instead of a connection reset."""
        dropped = 0
        while dropped < DRAIN_LIMIT:
            message = await receive()
            if message["type"] != "http.request":
                return
            dropped += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _refuse(self, send: Send) -> None:
        body = _too_large(self.max_body)
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                line = _line(scope, status, start)
                # makeRecord + handle: what .info() does, without looking up the caller's
                # file and line (a stack walk per request that the format never prints)
                access_log.handle(access_log.makeRecord(
                    access_log.name, logging.INFO, __file__, 0, line, (), None))


_quoted: dict[str, str] = {}


def _json_str(value: str | None) -> str:
    """A JSON string (or null), memoised: methods, route templates and operator names repeat."""
    if value is None:
        return "null"
    quoted = _quoted.get(value)
    if quoted is None:
        quoted = json.dumps(value)
        if len(_quoted) < 10_000:
            _quoted[value] = quoted
    return quoted


def _line(scope: Scope, status: int, start: float) -> str:
    """One access-log line: the same JSON object as before, built without a dict and dumps."""
    route = scope.get("route")
    state = scope.get("state") or {}
    path = getattr(route, "path", None) or "<unmatched>"
    ms = round((time.perf_counter() - start) * 1000, 2)
    return (f'{{"ts": {round(time.time(), 3)!r}, "method": {_json_str(scope.get("method"))}, '
            f'"path": {_json_str(path)}, "status": {int(status)}, "ms": {ms!r}, '
            f'"operator": {_json_str(state.get("operator"))}}}')
