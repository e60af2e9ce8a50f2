"""Every key of the console: the screen's and app's (screens/common/keys.py) and those of the
panes' widgets, for the help screen, the command palette and a user's keymap
(docs/ARCHITECTURE.md, "screens/")."""

from __future__ import annotations

from textual.binding import Binding

from backends.i18n import N_, _
from screens.common.keys import APP_KEYS, BY_ID, MAIN_KEYS, KeySpec, binding
from screens.panes import PANES


def pane_keys() -> tuple[KeySpec, ...]:
    """Screen keys that registered panes bring with them (to bring the pane forward)."""
    return tuple(pane.key for pane in PANES if pane.key is not None)


def pane_bindings() -> list[Binding]:
    return [binding(spec, priority=True) for spec in pane_keys()]


def widget_keys() -> dict[str, tuple[KeySpec, ...]]:
    """Keys of the panes' widgets (the ticket editor `#ticket`, …), by widget id."""
    return {pane.id: pane.widget_keys for pane in PANES if pane.widget_keys}


def key_groups() -> list[tuple[str, str | None, tuple[KeySpec, ...]]]:
    """(title, widget id or None for the screen/app, specs): the help screen's sections."""
    return [(N_("Calls"), None, MAIN_KEYS + pane_keys() + APP_KEYS),
            *((pane.keys_title, pane.id, pane.widget_keys) for pane in PANES
              if pane.widget_keys)]


def every_key() -> dict[str, KeySpec]:
    """Every binding id a keymap may name: screen, app and widget keys."""
    found = dict(BY_ID)
    found.update((spec.id, spec) for spec in pane_keys())
    for specs in widget_keys().values():
        found.update((spec.id, spec) for spec in specs)
    return found


def check_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The usable part of a user's keymap and one message per entry that is not."""
    good: dict[str, str] = {}
    problems: list[str] = []
    known = every_key()
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(_("keys: '{id}' is not a binding id (see the help screen)")
                            .format(id=binding_id))
        elif not str(keys).strip():
            problems.append(_("keys: '{id}' has no key").format(id=binding_id))
        else:
            good[binding_id] = str(keys).strip()
    return good, problems


