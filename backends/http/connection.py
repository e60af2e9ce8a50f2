"""One connection to `centralino serve` that the domain clients of HttpBackend share.

It opens and closes the transport (transport.py: retries, offline state), sends one logical
request and reads the answer into the domain's model; a 412 conflict's `current` is read into
the same model, so an editor can show what somebody else saved. See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import contextlib
from functools import cache
from typing import Any

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from backends.errors import BackendError, Conflict, Unavailable
from backends.http.transport import Transport
from backends.i18n import _
from backends.record import Record


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


class Connection:
    def __init__(self, url: str, token: str | None, *, timeout: float, retries: int,
                 transport: httpx.AsyncBaseTransport | None) -> None:
        self.url = url
        self.timeout = timeout
        self._token = token
        self._retries = retries
        self._transport = transport
        self._http: Transport | None = None
        self.closed = False

    @property
    def started(self) -> bool:
        return self._http is not None

    @property
    def online(self) -> bool:
        return self._http is not None and self._http.online

    def start(self) -> None:
        """Create the client (no request yet); a second call does nothing."""
        if self._http is None:
            self._http = Transport(self.url, self._token, timeout=self.timeout,
                                   retries=self._retries, transport=self._transport)

    async def close(self) -> None:
        self.closed = True
        if self._http is not None:
            await self._http.aclose()

    @property
    def transport(self) -> Transport:
        if self._http is None or self.closed:
            raise Unavailable(_("the http backend is not open"))
        return self._http

    def went_offline(self, why: str) -> None:
        """A stream lost the server: calls fail fast until an answer comes back."""
        if self._http is not None:
            self._http.went_offline(why)

    def decode(self, response: httpx.Response, kind: Any) -> Any:
        try:
            return _adapter(kind).validate_json(response.content)
        except ValidationError as exc:
            raise Unavailable(_("the server sent a reply this console cannot read ({why})")
                              .format(why=str(exc).splitlines()[0])) from None

    async def call(self, method: str, path: str, kind: Any, *, body: Any = None,
                   params: Any = None, if_match: int | None = None,
                   write: bool | None = None, current: Any = None) -> Any:
        """The answer read as `kind`; a conflict's stored record read as `current` (by
        default `kind`: the record the request changes)."""
        try:
            response = await self.transport.request(method, path, body=body, params=params,
                                                    if_match=if_match, write=write)
        except Conflict as exc:
            record = kind if current is None else current
            if (isinstance(exc.current, dict) and isinstance(record, type)
                    and issubclass(record, BaseModel | Record)):
                kind_of_current: Any = record
                with contextlib.suppress(ValidationError, BackendError):
                    exc.current = _adapter(kind_of_current).validate_python(exc.current)
            raise
        return self.decode(response, kind)

    async def get(self, path: str, kind: Any, params: Any = None) -> Any:
        return await self.call("GET", path, kind, params=params)
