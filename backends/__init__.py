"""The data side of Centralino: models, the Backend protocol, and its implementations.

Importing this package never imports textual (screens) nor httpx (only the http and rt
backends use it, and they are loaded on demand by `backends.registry`).
"""

from backends.errors import BackendError, Conflict, Forbidden, Invalid, NotFound, Unavailable
from backends.protocol import ALL_CAPABILITIES, Backend
from backends.registry import BackendOptions, create_backend

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
