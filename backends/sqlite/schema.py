"""The schema, as sqlite-utils migrations applied on open (idempotent, recorded by name).

The whole `apply` runs inside one BEGIN IMMEDIATE transaction (sqlite-utils' per-migration
`atomic()` then nests as savepoints), so two processes opening a fresh file at once cannot both
migrate it: the second waits for the lock and then finds nothing pending.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily: only a file with a pending migration needs sqlite-utils
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

from backends.i18n import N_
from backends.sqlite.customer_fts import CUSTOMER_FTS_COLUMNS, TOKENIZE, customer_fts_sql
from backends.sqlite.migration_state import (
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    applied,
    foreign_tables,
    version_of,
)

__all__ = [
    "CUSTOMER_FTS_COLUMNS",
    "MIGRATIONS_TABLE",
    "MIGRATION_SET",
    "TOKENIZE",
    "applied",
    "customer_fts_sql",
    "foreign_tables",
    "migrate",
    "migration_names",
    "pending",
    "unknown_migrations",
    "version_of",
]
Migration = tuple[str, Callable[["sqlite_utils.Database"], None]]
_CORE: list[Migration] = []
_built: tuple[tuple[str, ...], Migrations] | None = None


def _migration(name: str) -> Callable[[Callable[[sqlite_utils.Database], None]],
                                      Callable[[sqlite_utils.Database], None]]:
    """Register a core migration by name, in order; handed to sqlite-utils only when one runs."""
    def register(fn: Callable[[sqlite_utils.Database], None]) -> Callable[..., None]:
        _CORE.append((name, fn))
        return fn

    return register


def _all_migrations() -> list[Migration]:
    """The core schema, then each registered domain's own migrations ("<domain>.<name>"), in
    registration order (backends/domain_registry.py): a new domain's tables are its own file."""
    from backends.domain_registry import load, registered

    found = list(_CORE)
    for parts in registered():
        if parts.migrations:
            found += [(f"{parts.name}.{name}", fn) for name, fn in load(parts.migrations)]
    return found


def migration_names() -> list[str]:
    return [name for name, _fn in _all_migrations()]


def __getattr__(name: str) -> Any:
    """`schema.migrations`: the sqlite-utils Migrations object, built on first use (and again
    when the registered domains change)."""
    global _built
    if name != "migrations":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    wanted = _all_migrations()
    names = tuple(migration_name for migration_name, _fn in wanted)
    if _built is None or _built[0] != names:
        from sqlite_utils.migrations import Migrations

        built = Migrations(MIGRATION_SET)
        for migration_name, fn in wanted:
            built(name=migration_name)(fn)
        assert built.migrations_table == MIGRATIONS_TABLE
        _built = (names, built)
    return _built[1]


DEFAULT_DISPOSITIONS: list[tuple[str, str, bool]] = [
    ("RESOLVED", N_("Resolved on the call"), False),
    ("INFO_GIVEN", N_("Information given"), False),
    ("TICKET_OPENED", N_("Ticket opened"), False),
    ("CALLBACK", N_("Callback booked"), True),
    ("TRANSFERRED", N_("Transferred"), False),
    ("NO_ANSWER", N_("No answer"), True),
    ("WRONG_NUMBER", N_("Wrong number"), False),
    ("COMPLAINT", N_("Complaint recorded"), False),
]


@_migration("0001_core")
def _core(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            code TEXT UNIQUE,
            name TEXT NOT NULL,
            company TEXT,
            email TEXT,
            language TEXT NOT NULL DEFAULT 'en',
            phones TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            consent_marketing INTEGER NOT NULL DEFAULT 0,
            consent_recording INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("CREATE INDEX customers_email ON customers(email)")
    # caller-ID: the primary key is the lookup index; `rev` (reversed digits) serves suffixes
    db.execute("""
        CREATE TABLE customer_phones (
            e164 TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            rev TEXT NOT NULL,
            PRIMARY KEY (e164, customer_id)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX customer_phones_rev ON customer_phones(rev)")
    db.execute("""
        CREATE TABLE operators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            extension TEXT,
            role TEXT NOT NULL,
            languages TEXT NOT NULL DEFAULT '["en"]',
            presence TEXT NOT NULL,
            pause_reason TEXT,
            presence_since TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("""
        CREATE TABLE directory (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            department TEXT,
            extension TEXT,
            number TEXT,
            presence TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("CREATE INDEX directory_name ON directory(name)")
    db.execute("""
        CREATE TABLE dispositions (
            code TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            needs_callback INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            position INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id INTEGER REFERENCES customers(id),
            subject TEXT NOT NULL,
            category TEXT NOT NULL,
            priority TEXT NOT NULL,
            status TEXT NOT NULL,
            tier INTEGER NOT NULL DEFAULT 1,
            assignee TEXT,
            due_at TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("CREATE INDEX tickets_customer ON tickets(customer_id)")
    db.execute("CREATE INDEX tickets_status ON tickets(status)")
    db.execute("CREATE INDEX tickets_assignee ON tickets(assignee)")
    db.execute("""
        CREATE TABLE ticket_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            kind TEXT NOT NULL,
            author TEXT,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX ticket_entries_ticket ON ticket_entries(ticket_id)")
    db.execute("""
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            channel TEXT NOT NULL,
            direction TEXT NOT NULL,
            caller TEXT NOT NULL,
            customer_id INTEGER REFERENCES customers(id),
            queue TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0,
            vip INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            arrived_at TEXT NOT NULL,
            answered_at TEXT,
            ended_at TEXT,
            operator TEXT,
            disposition TEXT,
            notes TEXT NOT NULL DEFAULT '',
            handover_note TEXT,
            version INTEGER NOT NULL DEFAULT 1
        )""")
    # the queue: head = highest priority, then VIP, then longest waiting
    db.execute("CREATE INDEX calls_queue ON calls(state, priority DESC, vip DESC, arrived_at, id)")
    db.execute("CREATE INDEX calls_customer ON calls(customer_id)")
    db.execute("CREATE INDEX calls_operator ON calls(operator)")
    db.execute("""
        CREATE TABLE call_tickets (
            call_id INTEGER NOT NULL REFERENCES calls(id),
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            PRIMARY KEY (call_id, ticket_id)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX call_tickets_ticket ON call_tickets(ticket_id, call_id)")
    db.execute("""
        CREATE TABLE transfers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id INTEGER NOT NULL REFERENCES calls(id),
            from_operator TEXT NOT NULL,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            ticket_id INTEGER REFERENCES tickets(id),
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            responded_at TEXT,
            responded_by TEXT,
            new_call_id INTEGER REFERENCES calls(id),
            version INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("CREATE INDEX transfers_target ON transfers(target, status)")
    db.execute("CREATE INDEX transfers_call ON transfers(call_id)")
    db.execute("""
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            at TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'
        )""")
    for position, (code, label, callback) in enumerate(DEFAULT_DISPOSITIONS):
        db.execute("INSERT INTO dispositions (code, label, needs_callback, active, position) "
                   "VALUES (?, ?, ?, 1, ?)", [code, label, int(callback), position])


@_migration("0002_search")
def _search(db: sqlite_utils.Database) -> None:
    # Customers: prefix indexes of 2 and 3 characters keep type-ahead fast at 1M rows.
    db.execute(f"""
        CREATE VIRTUAL TABLE customers_fts USING fts5(
            name, company, email, code, notes,
            content='customers', content_rowid='id',
            tokenize='{TOKENIZE}', prefix='2 3'
        )""")
    cols = "name, company, email, code, notes"
    old = ", ".join(f"old.{c}" for c in cols.split(", "))
    new = ", ".join(f"new.{c}" for c in cols.split(", "))
    db.execute(f"""
        CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
          INSERT INTO customers_fts (rowid, {cols}) VALUES (new.id, {new});
        END""")
    db.execute(f"""
        CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
        END""")
    db.execute(f"""
        CREATE TRIGGER customers_au AFTER UPDATE OF {cols} ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
          INSERT INTO customers_fts (rowid, {cols}) VALUES (new.id, {new});
        END""")
    # Fuzzy fallback: every distinct word of names and companies, indexed by trigrams.
    db.execute("CREATE TABLE customer_terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)")
    db.table("customer_terms").enable_fts(["term"], tokenize="trigram", create_triggers=True)
    db.table("tickets").enable_fts(["subject"], tokenize=TOKENIZE, create_triggers=True)
    db.table("ticket_entries").enable_fts(["body"], tokenize=TOKENIZE, create_triggers=True)


@_migration("0003_lean_customer_indexes")
def _lean_customer_indexes(db: sqlite_utils.Database) -> None:
    # 1M-customer bulk loads: phones become a plain table whose indexes can be dropped and
    # rebuilt by one sort, and the FTS index covers the words people type (4-char prefixes too)
    for trigger in ("customers_ai", "customers_ad", "customers_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS customers_fts")
    for statement in customer_fts_sql():
        db.execute(statement)
    db.execute("INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')")
    db.execute("DROP INDEX IF EXISTS customer_phones_rev")
    db.execute("ALTER TABLE customer_phones RENAME TO customer_phones_0002")
    db.execute("""
        CREATE TABLE customer_phones (
            e164 TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            rev TEXT NOT NULL
        )""")
    db.execute("INSERT INTO customer_phones (e164, customer_id, rev) "
               "SELECT e164, customer_id, rev FROM customer_phones_0002")
    db.execute("DROP TABLE customer_phones_0002")
    db.execute("CREATE UNIQUE INDEX customer_phones_e164 ON customer_phones(e164, customer_id)")
    db.execute("CREATE INDEX customer_phones_rev ON customer_phones(rev)")


@_migration("0004_complete_customer_terms")
def _complete_customer_terms(db: sqlite_utils.Database) -> None:
    # The fuzzy lookup takes a word missing from customer_terms for a typo, so every word of
    # every name and company must be there. Earlier versions left out the words past a
    # text's eighth (customers created one by one) and split at "_" unlike the full-text
    # index. Names repeat, so the distinct texts are few even at a million customers.
    from backends.search_text import name_terms

    texts = [row[0] for row in db.execute(
        "SELECT name FROM customers UNION SELECT company FROM customers "
        "WHERE company IS NOT NULL")]
    db.conn.executemany("INSERT OR IGNORE INTO customer_terms (term) VALUES (?)",
                        [(term,) for term in sorted(name_terms(texts))])


# Generations: a number per group of tables that every change to them raises, in the same
# transaction. An answer built from those tables stays right while the number holds (the
# server's answer cache, backends/server/answer_cache.py), so checking it is one point read.
# customer_phones and customer_terms are written only with their customers row; bulk loads
# drop a table's triggers while loading and raise every generation themselves (bulk.py).
# A later migration that rebuilds one of these tables must create its triggers again.
@_migration("0005_generations")
def _generations(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE generations (name TEXT PRIMARY KEY, n INTEGER NOT NULL) "
               "WITHOUT ROWID")
    tables_of = {"customers": ("customers",), "directory": ("directory",)}
    for name, tables in tables_of.items():
        db.execute("INSERT INTO generations (name, n) VALUES (?, 0)", [name])
        for table in tables:
            for change in ("INSERT", "UPDATE", "DELETE"):
                db.execute(f"""
                    CREATE TRIGGER {table}_{change.lower()}_generation AFTER {change} ON {table}
                    BEGIN UPDATE generations SET n = n + 1 WHERE name = '{name}'; END""")


@_migration("0006_applied_requests")
def _applied_requests(db: sqlite_utils.Database) -> None:
    # requests applied at most once (backends/applied_once.py, sqlite/applied.py)
    db.execute("CREATE TABLE applied_requests (scope TEXT NOT NULL, key TEXT NOT NULL, "
               "at REAL NOT NULL, PRIMARY KEY (scope, key)) WITHOUT ROWID")
    db.execute("CREATE INDEX applied_requests_at ON applied_requests(at)")


@_migration("0007_transfer_offer_timeouts")
def _transfer_offer_timeouts(db: sqlite_utils.Database) -> None:
    # an offer's timeout and when it lapses (backends/transfers/rules.py); the few offers
    # still waiting are found without reading every transfer
    db.execute("ALTER TABLE transfers ADD COLUMN timeout_seconds INTEGER")
    db.execute("ALTER TABLE transfers ADD COLUMN expires_at TEXT")
    db.execute("CREATE INDEX transfers_offered ON transfers(id) WHERE status = 'offered'")


@_migration("0008_customer_search_generation")
def _customer_search_generation(db: sqlite_utils.Database) -> None:
    # what a customer search finds and how it ranks it changes only with the searched
    # columns (backends/search_text.py SEARCHED_COLUMNS): the server keeps type-ahead's
    # ranked ids while this holds and reads only the records again
    # (backends/server/ranked_ids.py). The triggers' names end in _generation: bulk loads
    # pause them and raise every generation once (bulk.py).
    from backends.search_text import SEARCHED_COLUMNS

    db.execute("INSERT INTO generations (name, n) VALUES ('customer_search', 0)")
    bump = "BEGIN UPDATE generations SET n = n + 1 WHERE name = 'customer_search'; END"
    for change in ("INSERT", "DELETE"):
        db.execute(f"CREATE TRIGGER customers_search_{change.lower()}_generation "
                   f"AFTER {change} ON customers {bump}")
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in SEARCHED_COLUMNS)
    db.execute(f"CREATE TRIGGER customers_search_update_generation AFTER UPDATE ON customers "
               f"WHEN {changed} {bump}")


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations on `conn` (already inside BEGIN IMMEDIATE); return their names."""
    if not pending(conn):
        return []  # up to date: sqlite-utils (~0.08 s to import) is not needed
    db = _database(conn)
    migrations = __getattr__("migrations")
    names = [m.name for m in migrations.pending(db)]
    if names:
        migrations.apply(db)
    return names


def pending(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations not yet applied, read with plain sqlite3 (the same table and
    rows sqlite-utils reads)."""
    done = set(applied(conn))
    return [name for name in migration_names() if name not in done]


def unknown_migrations(conn: sqlite3.Connection) -> list[str]:
    """Migrations applied to this file that this version does not have: a newer version of
    Centralino wrote it."""
    known = set(migration_names())
    return [name for name in applied(conn) if name not in known]
