"""Textual screens and widgets; they get backend interfaces, nothing of SQLite or HTTP."""

# console/entry.py checks this to tell our package from an unrelated one of the same name
CENTRALINO_PACKAGE = "screens"
