"""The `http` backend: a client of Centralino's own server (`centralino serve`).

`HttpBackend(url, token=…)`; httpx is imported only when this backend is used, never by
`import backends`, so the class is loaded lazily. The request and answer shapes it shares with
the server are the wire contract, backends/wire (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import Any

__all__ = ["HttpBackend"]


def __getattr__(name: str) -> Any:
    if name == "HttpBackend":
        from backends.http.client import HttpBackend

        return HttpBackend
    raise AttributeError(name)
