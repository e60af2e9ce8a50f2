"""Issue 15 item 9: no stray glyphs in empty panes (the empty lookup drew a piece of a
horizontal scrollbar, "▋", at 80x24 and 120x40)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import make_app, screen_text, started

BLOCKS = set("▁▂▃▄▅▆▇█▉▊▋▌▍▎▐▔▕")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_empty_panes_show_no_stray_glyphs(store, tmp_path: Path,
                                                    size: tuple[int, int]) -> None:
    app = make_app(store, tmp_path)
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        await pilot.pause(0.3)
        lines = screen_text(app).splitlines()
        tabs = next(i for i, line in enumerate(lines) if "Lookup F3" in line)
        left = 59 if size[0] >= 120 else size[0]  # the left pane (the divider is "▏")
        panes = [line[:left] for line in lines[tabs + 2:-1]]
        stray = [(row, line) for row, line in enumerate(panes) if BLOCKS & set(line)]
        assert not stray, stray
