"""A campaign's script kept by the campaign's id on every backend: any worker records the link
of a campaign that has none (the outbound desk records the script it matched by name), the
same link again changes nothing, changing a link is for supervisors (README, "Call
scripts")."""

from __future__ import annotations

import pytest

from backends.errors import Forbidden
from backends.people.models import Operator, Role
from backends.protocol import Backend
from backends.scripts.api import SCRIPTS
from backends.scripts.inputs import ScriptLinkDraft
from tests.conformance.helpers import operator


async def test_links_kept_by_campaign_id_and_changed_by_supervisors(backend: Backend) -> None:
    await operator(backend, "anna")
    await backend.people.upsert_operator(Operator(name="sara", role=Role.SUPERVISOR))
    scripts = backend.domain(SCRIPTS)
    before = await backend.feed.last_event_id()
    made = await scripts.link_script(ScriptLinkDraft(campaign_id=7, script_id="fibre-offer",
                                                     by="anna"))
    assert (made.campaign_id, made.script_id, made.by) == (7, "fibre-offer", "anna")
    again = await scripts.link_script(ScriptLinkDraft(campaign_id=7, script_id="fibre-offer",
                                                      by="anna"))
    assert again == made
    with pytest.raises(Forbidden):
        await scripts.link_script(ScriptLinkDraft(campaign_id=7, script_id="other",
                                                  by="anna"))
    with pytest.raises(Forbidden):
        await scripts.link_script(ScriptLinkDraft(campaign_id=8, script_id="other",
                                                  by="nobody"))
    changed = await scripts.link_script(ScriptLinkDraft(campaign_id=7, script_id="other",
                                                        by="sara"))
    assert (changed.script_id, changed.by) == ("other", "sara")
    assert [(k.campaign_id, k.script_id) for k in await scripts.list_links()] == [
        (7, "other")]
    assert [e.kind for e in await backend.feed.read_events(before)] == [
        "script.linked", "script.linked"]
