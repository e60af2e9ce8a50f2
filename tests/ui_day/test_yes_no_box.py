"""Issue 15 item 9: a consent box reads without colour: "X" only when ticked."""

from __future__ import annotations

from textual.app import App, ComposeResult

from screens.common.yes_no_box import YesNoBox


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield YesNoBox("Marketing", False, id="off", compact=True)
        yield YesNoBox("Recording", True, id="on", compact=True)


async def test_ticked_and_unticked_boxes_differ_in_their_text() -> None:
    app = _Boxes()
    async with app.run_test() as pilot:
        off, on = app.query_one("#off", YesNoBox), app.query_one("#on", YesNoBox)
        assert "X" not in str(off.render()).replace("Marketing", "")
        assert "X" in str(on.render())
        off.focus()
        await pilot.press("space")  # ticking it shows the X
        assert off.value and "X" in str(off.render())
