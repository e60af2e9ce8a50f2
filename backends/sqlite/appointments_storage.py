"""The appointments storage on SQLite (backends/appointments/storage.py): persistence only;
the rules are the appointments service's (docs/ARCHITECTURE.md). Also the domain's table
(appointments_migrations.py) and the `service(store, region)` factory the domain registry names.

The colleague is the directory's name, customers and contacts are referred to by id without a
foreign key (customers may live in a helpdesk; contacts belong to the campaigns storage)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from backends.appointments.models import Appointment
from backends.appointments.service import AppointmentsService
from backends.sqlite import rows
from backends.sqlite.connection import Store
from backends.sqlite.events import append_event

T = TypeVar("T")


COLUMNS = ("person", "starts_at", "minutes", "subject", "place", "notes", "customer_id",
           "contact_id", "campaign_id", "call_id", "contact_name", "contact_phone",
           "booked_by")


def appointment(row: sqlite3.Row) -> Appointment:
    values: dict[str, Any] = dict(row)
    values.pop("ends_at")
    values["starts_at"] = rows.from_ts(values["starts_at"])
    values["created_at"] = rows.from_ts(values["created_at"])
    return Appointment.model_validate(values)


class SqliteAppointmentsWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert_appointment(self, values: dict[str, Any]) -> Appointment:
        stored: dict[str, Any] = {k: values[k] for k in COLUMNS}
        start: datetime = values["starts_at"]
        stored["starts_at"] = rows.to_ts(start)
        stored["ends_at"] = rows.to_ts(start + timedelta(minutes=values["minutes"]))
        stored["created_at"] = rows.now_ts()
        cursor = self.conn.execute(
            f"INSERT INTO appointments ({', '.join(stored)}) "
            f"VALUES ({rows.placeholders(list(stored))})", list(stored.values()))
        return appointment(self.conn.execute("SELECT * FROM appointments WHERE id = ?",
                                             [cursor.lastrowid]).fetchone())

    def person_slots(self, person: str, since: datetime,
                     until: datetime) -> list[tuple[datetime, datetime]]:
        found = self.conn.execute(
            "SELECT starts_at, ends_at FROM appointments WHERE person = ? AND ends_at > ? "
            "AND starts_at < ?", [person, rows.to_ts(since), rows.to_ts(until)])
        slots = []
        for start, end in found:
            begins, ends = rows.from_ts(start), rows.from_ts(end)
            assert begins is not None and ends is not None
            slots.append((begins, ends))
        return slots

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


class SqliteAppointmentsStorage:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteAppointmentsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteAppointmentsWriter(conn)))

    async def list_appointments(self, *, person: str | None, booked_by: str | None,
                                since: datetime | None, until: datetime | None,
                                limit: int) -> list[Appointment]:
        where: list[str] = []
        params: list[object] = []
        for column, value in (("person", person), ("booked_by", booked_by)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            where.append("starts_at >= ?")
            params.append(rows.to_ts(since))
        if until is not None:
            where.append("starts_at < ?")
            params.append(rows.to_ts(until))
        sql = ("SELECT * FROM appointments" + (" WHERE " + " AND ".join(where) if where
                                               else "") + " ORDER BY starts_at, id LIMIT ?")
        return await self._store.read(lambda conn: [
            appointment(r) for r in conn.execute(sql, [*params, limit])])


def service(store: Store, _region: str) -> AppointmentsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return AppointmentsService(SqliteAppointmentsStorage(store))
