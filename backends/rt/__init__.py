"""Request Tracker 5 as the helpdesk behind the console (REST 2.0), composed with the local
SQLite store for calls, directory, operators, transfers and the change feed."""

from backends.rt.backend import RtBackend

__all__ = ["RtBackend"]
