"""Who may do what on the server. Deny by default: an action not listed here is refused.

Roles: operators and receptionists do the work as themselves; supervisors and admins may also
act for others and manage operators and dispositions; trainers read like supervisors and feed
simulated callers to the queue, but do not work calls; only admins grant the admin role, bulk
load and run integrity checks. A call's priority, VIP flag and arrival time (its place in the
queue) are set by supervisors, trainers and admins only.

The actions below are the core domains'; another domain declares its own in its registration
(`DomainParts.actions`, backends/domain_registry.py), so a new domain edits nothing here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backends import domain_registry
from backends.errors import Forbidden
from backends.i18n import _
from backends.models import Role

EVERYONE = frozenset(Role)
WORKERS = frozenset({Role.OPERATOR, Role.RECEPTIONIST, Role.SUPERVISOR, Role.ADMIN})
MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})

ALLOWED: dict[str, frozenset[Role]] = {
    "read": EVERYONE,
    "events": EVERYONE,
    "customer.write": WORKERS,
    "ticket.write": WORKERS,
    # outbound calls are created by the operator dialling; inbound ones by telephony/simulator
    "call.create": frozenset({Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
    "call.create_outbound": WORKERS | {Role.TRAINER},
    # priority, VIP and arrival time decide who is answered first (and the waiting-time KPIs):
    # set by those who run the queue or feed it, never by the operators it serves
    "call.order": frozenset({Role.SUPERVISOR, Role.TRAINER, Role.ADMIN}),
    "call.work": WORKERS,
    "presence.own": EVERYONE,
    "operator.manage": MANAGERS,
    "directory.write": frozenset({Role.RECEPTIONIST, Role.SUPERVISOR, Role.ADMIN}),
    "disposition.manage": MANAGERS,
    "transfer.work": WORKERS,
    "admin": frozenset({Role.ADMIN}),
}

_domain_actions: tuple[int, dict[str, frozenset[Role]]] = (-1, {})


def allowed(action: str) -> frozenset[Role]:
    """The roles allowed `action`: the core table, else what a registered domain declares."""
    global _domain_actions
    if action in ALLOWED:
        return ALLOWED[action]
    if _domain_actions[0] != domain_registry.generation():
        declared: dict[str, frozenset[Role]] = {}
        for parts in domain_registry.registered():
            if parts.actions:
                mapping: Mapping[str, frozenset[Role]] = domain_registry.load(parts.actions)
                declared.update(mapping)
        _domain_actions = (domain_registry.generation(), declared)
    return _domain_actions[1].get(action, frozenset())


class Unauthenticated(Forbidden):
    """No token, or one that is unknown, expired or revoked (HTTP 401)."""

    code = "unauthenticated"


@dataclass(frozen=True)
class Identity:
    operator: str
    role: Role
    token_id: str

    @property
    def manages(self) -> bool:
        return self.role in MANAGERS

    def check(self, action: str) -> None:
        if self.role not in allowed(action):
            raise Forbidden(_("the {role} role may not do this ({action})").format(
                role=self.role.value, action=action))

    def acts_as(self, name: str | None, what: str = "operator") -> None:
        """Refuse acting under another operator's name unless a supervisor or admin."""
        if name is not None and name != self.operator and not self.manages:
            raise Forbidden(_("you are signed in as '{me}' and may not act as '{other}' "
                              "({what})").format(me=self.operator, other=name, what=what))
