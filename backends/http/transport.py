"""The HTTP plumbing of HttpBackend: one long-lived AsyncClient, bounded retries, offline state.

Retries happen only when repeating cannot do harm: reads, and writes that carry an
Idempotency-Key (every write this client sends has one, generated once per call, so a retry
after a lost response replays the server's stored result instead of writing twice). A request
that never reached the server (connection refused) is always safe to repeat.

While the server is unreachable the transport is "offline": calls fail fast with Unavailable
(the console shows a banner) instead of waiting through every retry; the first answer from the
server (any call, or the event stream reconnecting) brings it back online.
"""

from __future__ import annotations

import asyncio
import functools
import random
import ssl
import uuid
from typing import Any

import httpx
import pydantic_core

from backends.errors import BackendError, Unavailable
from backends.i18n import _
from backends.wire.core import IDEMPOTENCY_HEADER
from backends.wire.errors import error_from_body

RETRY_STATUSES = frozenset({429, 502, 503, 504})
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def backoff(attempt: int, base: float = 0.1, cap: float = 2.0) -> float:
    """Exponential back-off with full jitter: 0–0.1 s, 0–0.2 s, 0–0.4 s, … capped."""
    return random.uniform(base / 2, min(cap, base * 2**attempt))


def retry_after(response: httpx.Response, cap: float = 10.0) -> float:
    value = response.headers.get("retry-after", "")
    try:
        return min(cap, max(0.0, float(value)))
    except ValueError:
        return 0.0


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs ~0.1–0.4 s on an old machine: do it once per process."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def plain_transport_error(name: str) -> str:
    """An httpx transport error's class name in words a person reads."""
    if name in ("ConnectError",):
        return _("nothing answers at that address")
    if name.endswith("Timeout"):
        return _("it did not answer in time")
    if name in ("RemoteProtocolError", "ReadError", "WriteError"):
        return _("the connection broke off")
    return _("the connection failed")


class Transport:
    def __init__(self, base_url: str, token: str | None, *, timeout: float,
                 retries: int = 3, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.online = True
        self.last_error: str | None = None
        headers = {"Accept": "application/json", "User-Agent": "centralino-console"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.client = httpx.AsyncClient(
            base_url=self.base_url, headers=headers, transport=transport,
            # plain http needs no certificates at all; https verifies with the shared context
            verify=_tls_context() if self.base_url.lower().startswith("https:") else False,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10))

    async def aclose(self) -> None:
        await self.client.aclose()

    def went_offline(self, why: str) -> Unavailable:
        self.online = False
        self.last_error = why
        # said once, in plain words: whoever shows it says what happens next (the console's
        # OFFLINE line retries; a command such as `db check` just ends)
        return Unavailable(_("the server {url} cannot be reached: {why}").format(
            url=self.base_url, why=plain_transport_error(why)))

    def came_back(self) -> None:
        self.online = True
        self.last_error = None

    async def request(self, method: str, path: str, *, body: Any = None,
                      params: Any = None, if_match: int | None = None,
                      write: bool | None = None) -> httpx.Response:
        """Send one logical request (retrying as allowed); the 2xx response, or raise."""
        write = method != "GET" if write is None else write
        headers: dict[str, str] = {}
        if write:
            headers[IDEMPOTENCY_HEADER] = uuid.uuid4().hex
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"'
        content = None
        if body is not None:
            content = pydantic_core.to_json(body)
            headers["Content-Type"] = "application/json"
        attempts = 1 + (self.retries if self.online else 0)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = await self.client.request(method, path, content=content,
                                                     params=params, headers=headers)
            except httpx.TransportError as exc:
                # every request here is safe to repeat (reads, keyed writes, never-sent ones)
                if last:
                    raise self.went_offline(type(exc).__name__) from None
                await asyncio.sleep(backoff(attempt))
                continue
            if response.status_code in RETRY_STATUSES and not last:
                await asyncio.sleep(max(backoff(attempt), retry_after(response)))
                continue
            self.came_back()
            if response.status_code >= 400:
                raise self.error(response)
            return response
        raise AssertionError("unreachable")  # the loop always returns or raises

    def error(self, response: httpx.Response) -> BackendError:
        try:
            body = response.json()
        except ValueError:
            body = None
        return error_from_body(response.status_code, body)
