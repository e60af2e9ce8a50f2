"""The data side of Centralino: models, the Backend protocol, and its implementations.

Importing this package never imports textual (screens) nor httpx (only the http and rt
backends use it, and they are loaded on demand by `backends.registry`).
"""

from typing import Any

from backends.errors import BackendError, Conflict, Forbidden, Invalid, NotFound, Unavailable

# console/entry.py checks this to tell our package from an unrelated one of the same name
CENTRALINO_PACKAGE = "backends"

# Loaded on first use: `import backends.errors` (or i18n, sanitize) must stay cheap for the
# console's start-up, and protocol/registry pull in pydantic.
_LAZY = {
    "ALL_CAPABILITIES": "backends.protocol",
    "Backend": "backends.protocol",
    "BackendOptions": "backends.registry",
    "create_backend": "backends.registry",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'backends' has no attribute {name!r}")


__all__ = [
    "ALL_CAPABILITIES",
    "Backend",
    "BackendError",
    "BackendOptions",
    "Conflict",
    "Forbidden",
    "Invalid",
    "NotFound",
    "Unavailable",
    "create_backend",
]
