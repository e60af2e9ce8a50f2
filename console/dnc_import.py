"""Adding a long list of numbers to a do-not-call list (`centralino dnc import`, a national
register of millions): chunks of MAX_CONTACTS_PER_CALL, one transaction each, with the next
chunk's numbers read (normalised by the service, on the event loop) while the store writes
the one before (on its write thread), so the two overlap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from backends.campaigns.api import Campaigns
from backends.campaigns.models import MAX_CONTACTS_PER_CALL

if TYPE_CHECKING:
    from backends.campaigns.inputs import DncChange


async def add_in_chunks(campaigns: Campaigns, numbers: list[str],
                        change: Callable[[list[str]], DncChange]) -> int:
    """How many numbers were new; `change` makes each chunk's DncChange."""
    added = 0
    pending: asyncio.Task[int] | None = None
    for at in range(0, len(numbers), MAX_CONTACTS_PER_CALL):
        task = asyncio.ensure_future(campaigns.add_dnc(
            change(numbers[at:at + MAX_CONTACTS_PER_CALL])))
        if pending is not None:
            try:
                added += await pending
            except BaseException:  # no further chunk after a refused one
                task.cancel()
                raise
        pending = task
    if pending is not None:
        added += await pending
    return added
