"""The day-without-a-stumble UI tests (issue 15) share the UI tests' fixture: a real SQLite
store on a fresh file."""

from tests.ui.conftest import store

__all__ = ["store"]
