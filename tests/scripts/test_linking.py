"""Which script a campaign is worked with (backends/scripts/linking.py): a stored link by the
campaign's id wins over names, so a renamed campaign keeps its script; a campaign without
one takes the script naming it (without case), to be recorded; a script naming a campaign
that does not exist, and a link to a script no folder holds, are said plainly."""

from __future__ import annotations

from backends.scripts.linking import resolve
from backends.scripts.loader import load_folders
from backends.scripts.models import ScriptLink
from tests.scripts.test_loader import SHIPPED

SCRIPTS = load_folders([SHIPPED])  # "Fibre offer" (fibre-offer), "Satisfaction survey"


def linked(campaign_id: int, script_id: str) -> ScriptLink:
    return ScriptLink(campaign_id=campaign_id, script_id=script_id, by="sara")


def test_a_campaign_without_a_link_takes_the_script_naming_it() -> None:
    done = resolve([(1, "fibre OFFER"), (2, "Winter offer")], SCRIPTS, [])
    assert {k: v.id for k, v in done.by_campaign.items()} == {1: "fibre-offer"}
    assert done.matched_by_name == {1: "fibre-offer"}


def test_a_renamed_campaign_keeps_its_linked_script() -> None:
    done = resolve([(1, "Fibre offer 2027"), (2, "Satisfaction survey")], SCRIPTS,
                   [linked(1, "fibre-offer")])
    assert {k: v.id for k, v in done.by_campaign.items()} == {
        1: "fibre-offer", 2: "satisfaction-survey"}
    assert done.matched_by_name == {2: "satisfaction-survey"}
    assert done.problems == []


def test_a_script_naming_an_unknown_campaign_is_said_with_the_fix() -> None:
    done = resolve([(1, "Satisfaction survey")], SCRIPTS, [])
    [problem] = done.problems
    assert "script 'fibre-offer' names campaign 'Fibre offer', which does not exist" in problem
    assert "centralino script link fibre-offer CAMPAIGN_ID" in problem


def test_a_link_to_a_script_no_folder_holds_is_said() -> None:
    done = resolve([(1, "Fibre offer")], SCRIPTS, [linked(1, "gone-script")])
    assert 1 not in done.by_campaign
    assert any("linked to script 'gone-script', which no scripts folder holds" in p
               for p in done.problems)
