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
from backends.errors import Conflict
from backends.i18n import _
from backends.people.models import Role
from backends.sqlite import rows
from backends.sqlite.base import fetch_row
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
    values["updated_at"] = rows.from_ts(values["updated_at"])
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

    def person_slots(self, person: str, since: datetime, until: datetime,
                     leave_out: int | None = None) -> list[tuple[datetime, datetime]]:
        found = self.conn.execute(
            "SELECT starts_at, ends_at FROM appointments WHERE person = ? COLLATE NOCASE "
            "AND status = 'booked' AND ends_at > ? AND starts_at < ? AND id IS NOT ?",
            [person, rows.to_ts(since), rows.to_ts(until), leave_out])
        slots = []
        for start, end in found:
            begins, ends = rows.from_ts(start), rows.from_ts(end)
            assert begins is not None and ends is not None
            slots.append((begins, ends))
        return slots

    def get_appointment(self, appointment_id: int) -> Appointment:
        return appointment(fetch_row(self.conn, "appointments", appointment_id,
                                     _("appointment")))

    def update_if_sequence(self, appointment_id: int, sequence: int,
                           values: dict[str, Any]) -> Appointment:
        stored = dict(values)
        if "starts_at" in stored:
            start: datetime = stored["starts_at"]
            minutes = stored.get("minutes") or self.get_appointment(appointment_id).minutes
            stored["starts_at"] = rows.to_ts(start)
            stored["ends_at"] = rows.to_ts(start + timedelta(minutes=minutes))
        stored["updated_at"] = rows.now_ts()
        cursor = self.conn.execute(
            f"UPDATE appointments SET {', '.join(f'{k} = ?' for k in stored)}, "
            "sequence = sequence + 1 WHERE id = ? AND sequence = ?",
            [*stored.values(), appointment_id, sequence])
        if cursor.rowcount == 0:
            raise Conflict(_("appointment {id} was changed meanwhile").format(
                id=appointment_id))
        return self.get_appointment(appointment_id)

    def operator_facts(self, name: str) -> tuple[str, Role] | None:
        return _operator_facts(self.conn, name)

    def append_event(self, kind: str, subject: str, data: dict[str, Any]) -> None:
        append_event(self.conn, kind, subject, data)


def _operator_facts(conn: sqlite3.Connection, name: str) -> tuple[str, Role] | None:
    row = conn.execute("SELECT display_name, role FROM operators WHERE name = ?",
                       [name]).fetchone()
    return None if row is None else (row[0] or "", Role(row[1]))


class SqliteAppointmentsStorage:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def write(self, work: Callable[[SqliteAppointmentsWriter], T]) -> T:
        return await self._store.write(lambda conn: work(SqliteAppointmentsWriter(conn)))

    async def list_appointments(self, *, persons: tuple[str, ...] | None,
                                booked_by: str | None, since: datetime | None,
                                until: datetime | None, limit: int,
                                include_cancelled: bool) -> list[Appointment]:
        where: list[str] = []
        params: list[object] = []
        if persons is not None:
            where.append("person COLLATE NOCASE IN (" + rows.placeholders(list(persons))
                         + ")")
            params.extend(persons)
        if booked_by is not None:
            where.append("booked_by = ?")
            params.append(booked_by)
        if not include_cancelled:
            where.append("status = 'booked'")
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


    async def get_appointment(self, appointment_id: int) -> Appointment:
        return await self._store.read(lambda conn: appointment(fetch_row(
            conn, "appointments", appointment_id, _("appointment"))))

    async def operator_facts(self, name: str) -> tuple[str, Role] | None:
        return await self._store.read(lambda conn: _operator_facts(conn, name))


def service(store: Store, _region: str) -> AppointmentsService:
    """The domain's service over this storage (backends/domain_registry.py)."""
    return AppointmentsService(SqliteAppointmentsStorage(store))
