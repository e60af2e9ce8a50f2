"""The campaign UI tests that drive the operator console share the UI tests' fixture: a real
SQLite store on a fresh file."""

from tests.ui.conftest import store

__all__ = ["store"]
