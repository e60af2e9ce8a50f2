"""Reading a server-sent-events stream: frames of `id:` / `data:` lines ended by a blank line."""

from __future__ import annotations

from collections.abc import AsyncIterator

from backends.models import Event


async def parse_events(lines: AsyncIterator[str]) -> AsyncIterator[Event]:
    """Events from SSE lines; comments (keep-alives), `retry:` and `event:` lines are skipped."""
    data: list[str] = []
    async for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield Event.model_validate_json("\n".join(data))
                data = []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        if name == "data":
            data.append(value.removeprefix(" "))
