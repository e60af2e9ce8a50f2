"""The customers' full-text index (SQLite FTS5) and the tokenizer every full-text index of the
schema shares; the migrations in schema.py create it, bulk loads pause it (bulk.py)."""

from __future__ import annotations

# Tokenizer shared by every full-text index: case- and accent-insensitive (Szabó = szabo).
TOKENIZE = "unicode61 remove_diacritics 2"


CUSTOMER_FTS_COLUMNS = ("name", "company", "notes")


def customer_fts_sql() -> list[str]:
    """The customers full-text index and its triggers. Emails and codes are looked up through
    their B-tree indexes instead: faster for prefixes and a third of the index to build."""
    cols = ", ".join(CUSTOMER_FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in CUSTOMER_FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in CUSTOMER_FTS_COLUMNS)
    return [
        f"""CREATE VIRTUAL TABLE customers_fts USING fts5({cols},
            content='customers', content_rowid='id', tokenize='{TOKENIZE}', prefix='2 3 4')""",
        f"""CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
              INSERT INTO customers_fts (rowid, {cols}) VALUES (new.id, {new});
            END""",
        f"""CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
              INSERT INTO customers_fts (customers_fts, rowid, {cols})
                VALUES ('delete', old.id, {old});
            END""",
        f"""CREATE TRIGGER customers_au AFTER UPDATE OF {cols} ON customers BEGIN
              INSERT INTO customers_fts (customers_fts, rowid, {cols})
                VALUES ('delete', old.id, {old});
              INSERT INTO customers_fts (rowid, {cols}) VALUES (new.id, {new});
            END""",
    ]
