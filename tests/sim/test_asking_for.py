"""The simulator's callers ask for named colleagues and departments (issue 19, item 6): the
name goes in front of the call's notes, where the switchboard's screen pop finds it; the same
seed asks for the same names."""

from __future__ import annotations

import random

from backends.calls.inputs import CallDraft
from backends.people.models import DirectoryEntry, DirectoryKind
from console.sim_callers import asking_for

ENTRIES = [DirectoryEntry(name="Laura Bianchi"), DirectoryEntry(name="Billing",
                                                                kind=DirectoryKind.DEPARTMENT),
           DirectoryEntry(name="Helpdesk queue", kind=DirectoryKind.QUEUE)]


def test_some_callers_ask_for_a_person_or_department_by_name() -> None:
    rng = random.Random(7)
    drafts = [asking_for(CallDraft(caller="+390612345678", notes="invoice"), ENTRIES, rng)
              for _ in range(200)]
    asking = [d.notes for d in drafts if d.notes.startswith("Asks for ")]
    assert 80 < len(asking) < 160  # about 60 %
    assert {n.split(":")[0] for n in asking} == {"Asks for Laura Bianchi", "Asks for Billing"}
    assert all(n.endswith(": invoice") for n in asking)
    again = random.Random(7)
    assert [asking_for(CallDraft(caller="+390612345678", notes="invoice"), ENTRIES, again).notes
            for _ in range(200)] == [d.notes for d in drafts]
