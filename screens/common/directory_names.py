"""Department names in the operator's language. A department's stored name is its key:
transfers, messages and the training lab's expected answers route by it, so it never changes;
what a person reads is its translation (context "department" in the catalogs, so "Sales" the
department is translated apart from any other "Sales"). A name the catalogs do not know (an
organisation's own department) is shown as written. Searching finds either form.
(docs/ARCHITECTURE.md, "Languages")."""

from __future__ import annotations

from backends.i18n import pgettext

DEPARTMENT = "department"  # the catalogs' context for department names


def department_name(name: str) -> str:
    """The department `name` (its key) as the operator's language writes it."""
    return pgettext(DEPARTMENT, name) if name else name


def both_names(name: str) -> str:
    """The key and its translation, for a search to find either."""
    shown = department_name(name)
    return name if shown == name else f"{name} {shown}"
