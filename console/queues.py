"""The one list of queues (data/queues.json): ids, display names, the department each takes
calls for and its share of the traffic. The demo directory's queue entries, the demo's call
history and the simulator's callers all come from it; a blind transfer to a department finds
its queue through those directory entries (backends/transfers). See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from backends.i18n import N_, NC_, _, current_language
from console.paths import data_root

# The display names of data/queues.json, for the catalogs (`make i18n` extracts N_): the queue
# table shows them translated. tests/sim/test_one_list_of_queues.py checks both lists agree.
DISPLAY_NAMES = (N_("General"), N_("Sales"), N_("Billing"), N_("Technical support"),
                 N_("Complaints"), N_("Logistics"), N_("Administration"))
# The demo directory's department names (data/demo/directory.json), for the catalogs: the
# transfer panel, the switchboard and the directory show them translated
# (screens/common/directory_names.py) while their stored names stay the keys transfers route
# by. tests/i18n/test_department_names.py keeps this list equal to the file's.
DEPARTMENT_NAMES = (NC_("department", "Reception"), NC_("department", "Sales"),
                    NC_("department", "Billing"), NC_("department", "Technical Support"),
                    NC_("department", "Complaints"), NC_("department", "Logistics"),
                    NC_("department", "Administration"))


@dataclass(frozen=True)
class QueueSpec:
    id: str  # what calls and transfers store
    name: str  # what a person reads
    extension: str
    department: str | None  # the directory department whose calls wait here
    share: float  # part of the demo and simulated traffic
    notes: str | dict[str, str] = ""  # one text, or one per language (in_language)


def in_language(text: str | dict[str, str]) -> str:
    """A text of the demo's data files, written once or per language ({"en": …, "it": …}): the
    one of the active language, else English (the demo speaks the operator's language)."""
    if isinstance(text, str):
        return text
    return text.get(current_language()) or text.get("en", "")


@cache
def load_queues() -> tuple[QueueSpec, ...]:
    raw = json.loads((data_root() / "queues.json").read_text(encoding="utf-8"))
    queues = tuple(QueueSpec(id=str(item["id"]), name=str(item["name"]),
                             extension=str(item["extension"]),
                             department=item.get("department"),
                             share=float(item.get("share", 1)),
                             notes=item.get("notes", ""))
                   for item in raw["queues"])
    ids = [queue.id for queue in queues]
    if len(set(ids)) != len(ids):
        raise ValueError("data/queues.json: a queue id is listed twice")
    return queues


def queue_ids() -> tuple[str, ...]:
    return tuple(queue.id for queue in load_queues())


def shares() -> dict[str, float]:
    """Queue id → its share of the traffic."""
    return {queue.id: queue.share for queue in load_queues()}


def display_names() -> dict[str, str]:
    return {queue.id: queue.name for queue in load_queues()}


def directory_rows() -> list[dict[str, Any]]:
    """The queues as directory entries: named by id, with the department they serve."""
    return [{"name": queue.id, "kind": "queue", "department": queue.department,
             "extension": queue.extension,
             "notes": f"{_(queue.name)}. {in_language(queue.notes)}".strip(),
             "presence": "available"} for queue in load_queues()]
