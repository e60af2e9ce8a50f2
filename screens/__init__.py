"""Textual screens and widgets; they get backend interfaces, nothing of SQLite or HTTP.
(docs/ARCHITECTURE.md, "screens/")"""

# console/entry.py checks this to tell our package from an unrelated one of the same name
CENTRALINO_PACKAGE = "screens"
