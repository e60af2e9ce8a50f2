"""What `integrity_check` looks at on PostgreSQL (docs/ARCHITECTURE.md): PostgreSQL keeps its
own pages and constraints sound, so these are the agreements between tables that no
constraint states: the phone index against the customers' numbers, the words the fuzzy
search knows, the change feed's ids."""

from __future__ import annotations

from backends.postgres.connection import Conn


def problems(conn: Conn) -> list[str]:
    found: list[str] = []
    row = conn.execute("""
        SELECT count(*) AS n FROM (
          (SELECT c.id, p.e164 FROM customers c, jsonb_array_elements_text(c.phones) AS p(e164)
           EXCEPT SELECT customer_id, e164 FROM customer_phones)
          UNION ALL
          (SELECT customer_id, e164 FROM customer_phones
           EXCEPT SELECT c.id, p.e164 FROM customers c,
                         jsonb_array_elements_text(c.phones) AS p(e164))) AS d""").fetchone()
    if row and row["n"]:
        found.append(f"customer_phones: {row['n']} numbers differ from the customers' phones")
    row = conn.execute("SELECT count(*) AS n, COALESCE(max(id), 0) AS top, "
                       "COALESCE(min(id), 1) AS low FROM events").fetchone()
    if row and row["n"] and row["top"] - row["low"] + 1 != row["n"]:
        found.append(f"events: {row['top'] - row['low'] + 1 - row['n']} ids missing")
    return found
