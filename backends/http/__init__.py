"""The `http` backend: a client of Centralino's own server (`centralino serve`).

`HttpBackend(url, token=…)`; httpx is imported only when this backend is used, never by
`import backends`. The class is loaded lazily so the server can share `backends.http.wire`
without importing the client.
"""

from __future__ import annotations

from typing import Any

__all__ = ["HttpBackend"]


def __getattr__(name: str) -> Any:
    if name == "HttpBackend":
        from backends.http.client import HttpBackend

        return HttpBackend
    raise AttributeError(name)
