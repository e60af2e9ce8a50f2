"""HttpBackend: the domain interfaces spoken to `centralino serve` over HTTP.

One client per domain (customers.py, tickets.py, calls.py, people.py, transfers.py, feed.py),
each over the one shared Connection; HttpBackend assigns them as its domain attributes
(`backend.calls`, …) and itself only connects, loads in bulk and checks the server's store.
See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import httpx
import pydantic_core

from backends.capabilities import ALL_CAPABILITIES, Capability, capabilities_from
from backends.domain_registry import load, registered
from backends.errors import Invalid, Unavailable
from backends.http import encode
from backends.http.connection import Connection
from backends.i18n import _
from backends.redact import mask_url_credentials
from backends.served_domains import ServedDomains
from backends.wire.meta import MIN_SERVER_API, Meta

if TYPE_CHECKING:
    from backends.backend_options import BackendOptions

BULK_CHUNK_BYTES = 512 * 1024
T = TypeVar("T")


class HttpBackend(ServedDomains):
    """`HttpBackend("http://host:8765", token=…)`; `transport=` injects an httpx transport."""

    name: ClassVar[str] = "http"
    capabilities: frozenset[Capability] = ALL_CAPABILITIES  # narrowed to the server's on open()

    def __init__(self, url: str, token: str | None = None, *, timeout: float = 10.0,
                 retries: int = 3, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._connection = Connection(self.url, token, timeout=timeout, retries=retries,
                                      transport=transport)
        self.meta: Meta | None = None
        # every registered domain's client over the one connection (backends/domain_registry.py)
        self._services: dict[str, object] = {
            parts.name: load(parts.http)(self._connection) for parts in registered()}

    @classmethod
    def from_url(cls, url: str, options: BackendOptions) -> HttpBackend:
        return cls(url, token=options.token, timeout=options.timeout)

    def __repr__(self) -> str:
        return f"HttpBackend({self.url!r})"

    @property
    def online(self) -> bool:
        """False while the server cannot be reached (the console shows an offline banner)."""
        return self._connection.online

    # -- lifecycle -------------------------------------------------------------------------
    async def open(self) -> None:
        """Connect and learn the server's capabilities. A server that is down is not fatal
        (the backend starts offline and recovers); a refused token is."""
        if self._connection.started:
            return
        self._connection.start()
        try:
            self.meta = await self._connection.get("/v1/meta", Meta)
            self.capabilities = capabilities_from(self.meta.capabilities)
            if self.meta.domains:  # a domain the server does not serve is Unavailable here
                self._services = {name: service for name, service in self._services.items()
                                  if name in self.meta.domains}
        except Unavailable:
            return
        if self.meta.api < MIN_SERVER_API:  # it would answer 404 to what operators do most
            raise Invalid("backend", _("the server at {url} speaks version {have} of the API and "
                                       "this console needs {need}: update the server").format(
                url=mask_url_credentials(self.url), have=self.meta.api, need=MIN_SERVER_API))

    async def close(self) -> None:
        await self._connection.close()

    # -- bulk and maintenance --------------------------------------------------------------
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Rows sent in chunks under the server's body limit; each chunk is its own request."""
        total, chunk, size = 0, [], 0
        for row in rows:
            data = pydantic_core.to_jsonable_python(row)
            chunk.append(data)
            size += len(pydantic_core.to_json(data)) + 1
            if size >= BULK_CHUNK_BYTES:
                total += await self._bulk_chunk(table, chunk)
                chunk, size = [], 0
        if chunk:
            total += await self._bulk_chunk(table, chunk)
        return total

    async def _bulk_chunk(self, table: str, rows: list[Any]) -> int:
        result = await self._connection.call("POST", f"/v1/bulk/{encode.segment(table)}",
                                             dict[str, int], body=rows)
        return int(result["count"])

    async def integrity_check(self) -> list[str]:
        return await self._connection.get("/v1/integrity", list[str])
