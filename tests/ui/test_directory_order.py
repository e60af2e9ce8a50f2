"""Issue 19: the receptionist's directory lists colleagues who are signed in before those who
are not, each group by the name a person reads (not the login)."""

from __future__ import annotations

from datetime import UTC, datetime

from backends.people.models import Operator, Presence
from screens.switchboard.directory_rows import all_rows

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_signed_in_colleagues_first_then_by_display_name() -> None:
    operators = [
        Operator(name="a.offline", display_name="Zoe Offline", presence=Presence.OFFLINE),
        Operator(name="z.busy", display_name="Bruno Busy", presence=Presence.ON_CALL,
                 presence_since=NOW),
        Operator(name="b.free", display_name="Carla Free", presence=Presence.AVAILABLE),
        Operator(name="c.gone", display_name="Ada Gone", presence=Presence.OFFLINE),
    ]
    names = [row.name for row in all_rows(operators, [], NOW)]
    assert names == ["z.busy", "b.free", "c.gone", "a.offline"]


def test_the_directory_is_in_the_order_of_the_names_as_read() -> None:
    """Departments are shown in the operator's language: the list follows what is read
    (Romanian: Facturare after Andrei Dobre), not the stored English keys (Billing)."""
    from backends import i18n
    from backends.people.models import DirectoryEntry, DirectoryKind
    from console.language import activate_language

    activate_language("ro")
    try:
        entries = [DirectoryEntry(name=name, kind=kind) for name, kind in (
            ("Andrei Dobre", DirectoryKind.PERSON), ("Billing", DirectoryKind.DEPARTMENT),
            ("Chiara Fontana", DirectoryKind.PERSON), ("Sales", DirectoryKind.DEPARTMENT))]
        shown = [row.label for row in all_rows([], entries, NOW)]
    finally:
        i18n.activate("en", None)
    assert shown == ["Andrei Dobre", "Chiara Fontana", "Facturare", "Vânzări"]
