"""Reading a server-sent-events stream: frames of `id:` / `event:` / `data:` lines ended by a
blank line.

A frame this console cannot read (bad JSON, a missing field, an event type it does not know,
say from a newer server) is skipped with a warning, never ends the stream: its `id:` still moves
the resume position, so a reconnect with Last-Event-ID neither repeats nor loses anything. The
warning names the event id and what was wrong, never the payload (it may hold personal data).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from pydantic import ValidationError

from backends.feed.models import Event
from backends.record import adapter

EVENT_TYPE = "change"  # the only SSE event type the server sends today
log = logging.getLogger("centralino.http")


@dataclass(frozen=True)
class Frame:
    """One dispatched frame: its id (the resume position; None when it carried none that is a
    whole number) and its event, None when the frame was skipped."""

    id: int | None
    event: Event | None


async def parse_frames(lines: AsyncIterator[str]) -> AsyncIterator[Frame]:
    """Frames from SSE lines; comments (keep-alives) and `retry:` lines are skipped."""
    data: list[str] = []
    kind = ""
    frame_id: str | None = None
    async for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data or frame_id is not None:
                yield _frame(frame_id, kind, data)
            data, kind, frame_id = [], "", None
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        elif name == "event":
            kind = value
        elif name == "id":
            frame_id = value


async def parse_events(lines: AsyncIterator[str]) -> AsyncIterator[Event]:
    """Only the events that could be read (see parse_frames for the position as well)."""
    async for frame in parse_frames(lines):
        if frame.event is not None:
            yield frame.event


def _frame(raw_id: str | None, kind: str, data: list[str]) -> Frame:
    frame_id = int(raw_id) if raw_id is not None and raw_id.isdigit() else None
    shown = frame_id if frame_id is not None else "without id"
    if kind not in ("", EVENT_TYPE):
        log.warning("event %s skipped: unknown event type", shown)
        return Frame(frame_id, None)
    if not data:
        return Frame(frame_id, None)  # an id-only frame: moves the position, carries nothing
    try:
        event = adapter(Event).validate_json("\n".join(data))  # pydantic: its errors, below
    except ValidationError as exc:
        log.warning("event %s skipped: %s", shown, _why(exc))
        return Frame(frame_id, None)
    return Frame(event.id if frame_id is None else frame_id, event)


def _why(exc: ValidationError) -> str:
    """What was wrong, by field and error type only: pydantic's messages quote the input."""
    problems = []
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        where = ".".join(str(part) for part in error.get("loc", ())) or "body"
        problems.append(f"{where}: {error.get('type', 'invalid')}")
    return ", ".join(problems[:5]) or "unreadable"

