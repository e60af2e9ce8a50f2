"""What a working pane of the main screen is, for the pane registry (screens/panes.py): its
tab, where it sits, when its widget is built, which change-feed subjects it follows and which
keys its widget has (docs/ARCHITECTURE.md, "screens/", adding a pane).

Importing this loads no widget: a pane's `build` imports its widget when it is first built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from screens.common.keys import KeySpec

if TYPE_CHECKING:
    from textual.widget import Widget

    from backends.models import Event
    from backends.protocol import Backend


class Built(Enum):
    """When a pane's widget is built."""

    AT_START = "at start"  # with the screen (what is in front at the first frame)
    ON_FIRST_USE = "on first use"  # when first shown: fewer widgets before the first frame
    ONCE_OPEN = "once the store is open"  # a placeholder until then (it reads the store)


@dataclass(frozen=True)
class PaneContext:
    """What a pane's widget may be built from."""

    backend: Backend  # a widget takes only the domain interfaces it needs (backend.calls, …)
    operator_name: str
    drafts_dir: Path
    offer_timeout: int = 30  # seconds an announced transfer waits for its answer (settings)


@dataclass(frozen=True)
class PaneSpec:
    id: str  # the widget's id; its tab is `pane-<id>` on the left, `work-<id>` on the right
    tab: str  # the tab's label, translated when shown
    side: Literal["left", "right"]  # left: beside the queue's lookup; right: the work side
    build: Callable[[PaneContext], Widget]
    built: Built = Built.ON_FIRST_USE
    subjects: frozenset[str] = frozenset()  # change-feed subjects handed to the widget
    widget_keys: tuple[KeySpec, ...] = ()  # keys whose actions run on the widget
    keys_title: str = ""  # the help screen's section for `widget_keys`
    key: KeySpec | None = None  # a screen key of its own that brings it forward
    # what the pane says while it has nothing to work on; a pane with such a text is built on
    # first use even when it is in front at start-up (the store open, it shows the text)
    idle_text: str = ""


@runtime_checkable
class FollowsFeed(Protocol):
    """A pane widget that wants the change events of its `subjects`."""

    def on_backend_event(self, event: Event) -> None: ...
