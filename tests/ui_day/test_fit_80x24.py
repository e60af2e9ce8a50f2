"""Issue 15 item 9 at 80x24: the footer never cuts a key's description (keys that do not fit
are left out whole, F1 Help stays), and the help screen shows every description whole (long
ones wrap) with every id whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from screens.common import keys
from screens.keymap import key_groups
from tests.ui.helpers import make_app, queue_ids, screen_text, seed_basic, started, wait_for


@pytest.mark.parametrize("pane_key", ["f9", "f10", None], ids=["ticket", "transfer", "idle"])
async def test_the_footer_shows_whole_keys_only(store, tmp_path: Path,
                                                pane_key: str | None) -> None:
    await seed_basic(store)
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await wait_for(pilot, lambda: len(queue_ids(screen)) == 3, what="calls")
        if pane_key:
            await pilot.press("f5")
            await wait_for(pilot, lambda: screen.customer is not None, what="screen pop")
            await pilot.press(pane_key)
        await pilot.pause(0.5)
        footer = screen_text(app).splitlines()[-1]
        shown = list(screen.query(FooterKey))
        assert shown
        for key in shown:
            if key.description:
                assert f"{key.key_display} {key.description}" in footer, (key.description,
                                                                          footer)
        assert "Help" in footer
        assert footer.rstrip().endswith("Commands"), footer


async def test_the_help_screen_shows_every_description_whole(store, tmp_path: Path) -> None:
    app = make_app(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f1")
        seen: list[str] = []
        for key in ["down"] * 60 + ["end"]:  # row by row to the last one
            seen.extend(screen_text(app).splitlines())
            await pilot.press(key)
            await pilot.pause(0.02)
        await pilot.pause(0.2)
        seen.extend(screen_text(app).splitlines())
        text = "\n".join(seen)
        words = set(text.split())
        for _title, _widget, specs in key_groups():
            for spec in specs:
                assert spec.id in words, spec.id  # an id is typed into config.toml: whole
                for word in spec.help.split():
                    assert word in words, (spec.id, word)
        assert keys.BY_ID["help"].help in text
