"""Start-up in two steps (console.boot): the first frame comes from click and Textual alone;
settings, backend and screens load after it, and a bad setting ends the console cleanly.

Everything real: a SQLite file, the real settings loader, and for the exit path the real
`centralino` executable in a pseudo-terminal.
"""

from __future__ import annotations

import threading
from pathlib import Path

from backends.errors import Invalid
from console.boot import BootingApp, Launch
from screens.common.boot_screen import BootScreen
from tests.test_layering import modules_after_import, top_level
from tests.test_pty_safety import PtyConsole
from tests.ui.helpers import OPERATOR, main_screen, screen_text, sqlite_backend, started, wait_for

FIRST_FRAME_MODULES = "console.cli, console.cli_run, console.boot, screens.common.boot_screen"


def test_the_first_frame_needs_no_pydantic_and_no_backend() -> None:
    loaded = modules_after_import(FIRST_FRAME_MODULES)
    assert {"textual", "click", "console"} <= top_level(loaded)  # the check itself works
    heavy = {"pydantic", "pydantic_settings", "phonenumbers", "sqlite_utils", "httpx"}
    assert heavy.isdisjoint(top_level(loaded))
    assert {"backends.models", "console.settings", "screens.main_screen"}.isdisjoint(loaded)


def test_the_whole_console_on_sqlite_loads_no_http_client_or_server() -> None:
    """Step 2 on the SQLite backend: the screens and the store, nothing a remote backend or
    the server needs (sqlite-utils only when a migration is pending)."""
    loaded = modules_after_import(f"{FIRST_FRAME_MODULES}, console.common, backends.sqlite, "
                                  "screens.main_screen, screens.tickets.ticket_editor, "
                                  "screens.transfers.transfer_panel")
    assert {"pydantic", "textual", "backends"} <= top_level(loaded)  # the check itself works
    assert {"httpx", "fastapi", "uvicorn", "sqlite_utils"}.isdisjoint(top_level(loaded))
    assert {"backends.http", "backends.rt", "backends.server"}.isdisjoint(loaded)


async def test_outline_first_then_the_main_screen_on_the_real_store(tmp_path: Path) -> None:
    release = threading.Event()
    seen_outline: list[str] = []

    def prepare() -> Launch:
        # holds step 2 until the test has looked at the outline
        assert release.wait(10), "the test never released the loader"
        return Launch(sqlite_backend(tmp_path / "boot.db"), OPERATOR, tmp_path / "drafts")

    app = BootingApp(prepare, operator_hint=OPERATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BootScreen), what="the outline")
        await pilot.pause(0.1)
        seen_outline.append(screen_text(app))
        release.set()
        screen = await started(pilot)
        assert main_screen(app) is screen
        assert not any(isinstance(s, BootScreen) for s in app.screen_stack)
        assert app.boot_error is None
    assert "Queue: connecting" in seen_outline[0] and "Connecting" in seen_outline[0]
    assert OPERATOR in seen_outline[0]


async def test_a_bad_setting_found_after_the_first_frame_ends_the_app(tmp_path: Path) -> None:
    def prepare() -> Launch:
        raise Invalid("region", "'ZZ' is not a country code such as IT, HU, RO, GB")

    app = BootingApp(prepare, operator_hint=OPERATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.boot_error is not None, what="the refusal")
    assert app.return_code == 1
    assert "Region" in (app.boot_error or "") and "ZZ" in (app.boot_error or "")


def test_the_real_console_exits_with_a_message_on_a_bad_setting(
        tmp_path: Path, monkeypatch: object) -> None:
    """The region is checked by the settings loader in step 2, after the first frame: the
    console must still leave the terminal with the message, status 1 and no traceback."""
    monkeypatch.setenv("CENTRALINO_REGION", "ZZ")  # type: ignore[attr-defined]
    monkeypatch.setenv("CENTRALINO_CONFIG", str(tmp_path / "none.toml"))  # type: ignore[attr-defined]
    console = PtyConsole(tmp_path / "boot.db")
    try:
        console.read_for(15.0)  # returns early when the console closes its terminal
        status = console.process.wait(timeout=10)
        shown = console.visible()
    finally:
        console.close()
    assert status == 1, shown[-2000:]
    assert "ZZ" in shown and "Region" in shown
    assert "Traceback" not in shown
