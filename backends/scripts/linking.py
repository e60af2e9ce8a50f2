"""Which script each campaign is worked with: a link stored by the campaign's id wins (so a
renamed campaign keeps its script); a campaign without one takes the script whose `campaign`
names it (names compared without case), and that match is what the desk records as its link.
A script that names no campaign there is, and is linked to none, is said plainly, with the
way to fix it; so is a link to a script no folder holds. Pure: no store, no screen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from backends.i18n import _
from backends.scripts.definition import Script
from backends.scripts.models import ScriptLink


@dataclass
class Resolved:
    by_campaign: dict[int, Script] = field(default_factory=dict)  # campaign id → its script
    matched_by_name: dict[int, str] = field(default_factory=dict)  # not linked yet: record
    problems: list[str] = field(default_factory=list)


def resolve(campaigns: Iterable[tuple[int, str]], scripts: Mapping[str, Script],
            links: Iterable[ScriptLink]) -> Resolved:
    """`campaigns`: (id, name) of every campaign; `scripts`: the loaded scripts by their
    `campaign` field (console/script_library.py); `links`: the stored links."""
    by_id = {script.id: script for script in scripts.values()}
    by_name = {script.campaign.casefold(): script for script in scripts.values()}
    linked = {found.campaign_id: found.script_id for found in links}
    done = Resolved()
    used: set[str] = set()
    for campaign_id, name in campaigns:
        script_id = linked.get(campaign_id)
        if script_id is not None:
            script = by_id.get(script_id)
            if script is None:
                done.problems.append(_(
                    "campaign '{campaign}' is linked to script '{script}', which no scripts "
                    "folder holds").format(campaign=name, script=script_id))
                continue
        else:
            script = by_name.get(name.casefold())
            if script is None:
                continue
            done.matched_by_name[campaign_id] = script.id
        done.by_campaign[campaign_id] = script
        used.add(script.id)
    for script in sorted(by_id.values(), key=lambda s: s.id):
        if script.id not in used:
            done.problems.append(_(
                "script '{script}' names campaign '{campaign}', which does not exist: correct "
                "its `campaign` or link it (centralino script link {script} CAMPAIGN_ID)")
                .format(script=script.id, campaign=script.campaign))
    return done
