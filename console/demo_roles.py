"""The ways into the demo, one per role: `centralino demo --as NAME` (docs/ARCHITECTURE.md,
"console/"). A role is one `register` line at the end of this module naming, by import path,
what opens it; the module imports nothing heavy, so `centralino --help` stays quick.

A role's `launch` is `launch(flags, background)`: `flags` are the console's flags for the demo
(backend, operator), `background` the simulator's tasks; it runs the console its own way (a
layout, a board) or adds its own demo data first. Without one, the operator's console opens.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoRole:
    name: str  # what follows --as
    operator: str  # the login the demo signs in as
    summary: str  # one line for `centralino demo --help` (translated when shown)
    launch: str = ""  # "package.module:function"; "" for the operator's console


_ROLES: dict[str, DemoRole] = {}


def register(role: DemoRole) -> None:
    _ROLES[role.name] = role


def roles() -> dict[str, DemoRole]:
    return dict(_ROLES)


register(DemoRole("operator", "demo", "the inbound desk (the default)"))
register(DemoRole("trainer", "trainer", "the training lab: the instructor's board",
                  launch="console.demo_lab:trainer"))
register(DemoRole("trainee", "trainee", "the training lab: a trainee with a simulated caller",
                  launch="console.demo_lab:trainee"))
