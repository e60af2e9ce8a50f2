"""Choose a backend from one URL and load only its module, through entry points.

    sqlite:///path/to/file.db  or a plain path   → the local SQLite store
    http://host:port  /  https://host            → a Centralino server
    rt+http://host:port  /  rt+https://host      → Request Tracker 5 (composed with SQLite)
    postgresql://user@host:port/db               → a PostgreSQL database (backends/postgres)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backends.backend_options import BackendOptions
from backends.errors import Invalid
from backends.i18n import _
from backends.urls import scheme_of, sqlite_path  # noqa: F401  (part of this module's API)

if TYPE_CHECKING:
    from backends.protocol import Backend

ENTRY_POINT_GROUP = "centralino.backends"

# Our own backends, imported by path: looking them up among the entry points reads every
# installed package's metadata (tens of milliseconds at each start of the console). Other
# installed backends are found through the entry-point group.
_FALLBACK_TARGETS = {
    "sqlite": "backends.sqlite:SqliteBackend",
    "http": "backends.http:HttpBackend",
    "rt": "backends.rt:RtBackend",
    "postgresql": "backends.postgres:PostgresBackend",
}


def backend_class(name: str) -> type[Backend]:
    """Import one backend's class, and only that one."""
    target = _FALLBACK_TARGETS.get(name)
    if target is None:
        from importlib.metadata import entry_points  # only for a backend not our own

        for ep in entry_points(group=ENTRY_POINT_GROUP, name=name):
            return ep.load()
        raise Invalid("backend", _("no backend called '{name}' is installed").format(name=name))
    module_name, _sep, attr = target.partition(":")
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise Invalid("backend", _("the {name} backend cannot be loaded: {why}").format(
            name=name, why=exc)) from None
    return getattr(module, attr)


def create_backend(url: str, options: BackendOptions | None = None, **extra: Any) -> Backend:
    """A backend for `url`, not yet opened (call `await backend.open()`)."""
    options = options or BackendOptions(**extra)
    cls = backend_class(scheme_of(url))
    return cls.from_url(url, options)
