"""Issue 16, item 3: the language is the `language` setting (config.toml or
CENTRALINO_LANGUAGE), else the locale (LC_ALL, LC_MESSAGES, LANG), else English; an unknown one
is refused with one line naming the four; the first frame and the CLI's help already speak it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backends import i18n
from backends.errors import Invalid
from console.language import activate_language, early_language, from_locale
from console.settings import load_settings


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "centralino.toml"
    monkeypatch.setenv("CENTRALINO_CONFIG", str(path))
    return path


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "it_IT.UTF-8"}, "it"),
    ({"LANG": "hu_HU.UTF-8"}, "hu"),
    ({"LC_MESSAGES": "ro_RO.UTF-8", "LANG": "it_IT.UTF-8"}, "ro"),
    ({"LC_ALL": "hu_HU", "LC_MESSAGES": "ro_RO", "LANG": "it_IT"}, "hu"),
    ({"LANG": "de_DE.UTF-8"}, "en"),  # a language we do not speak
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_locale_decides_when_nothing_is_set(environ: dict[str, str], expected: str) -> None:
    assert from_locale(environ) == expected


def test_the_setting_wins_over_the_locale(config: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert load_settings().language == "it"
    config.write_text('language = "hu"\n')
    assert load_settings().language == "hu"
    assert early_language() == "hu"
    monkeypatch.setenv("CENTRALINO_LANGUAGE", "ro")
    assert load_settings().language == "ro"
    assert early_language() == "ro"


@pytest.mark.parametrize("value", ["xx", "de", "english"])
def test_an_unknown_language_is_refused_naming_the_four(config: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        value: str) -> None:
    monkeypatch.setenv("CENTRALINO_LANGUAGE", value)
    with pytest.raises(Invalid) as refused:
        load_settings()
    assert refused.value.field.lower() == "language"
    assert f"'{value}'" in refused.value.reason
    assert "en, it, hu, ro" in refused.value.reason


def test_the_cli_refuses_it_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "CENTRALINO_LANGUAGE": "xx", "CENTRALINO_CONFIG": str(tmp_path / "c")}
    result = subprocess.run([sys.executable, "-m", "console.entry", "config", "show"],
                            capture_output=True, text=True, timeout=60, check=False, env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "'xx'" in lines[0] and "en, it, hu, ro" in lines[0]


def test_the_help_is_in_the_language_of_the_locale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CENTRALINO_", "LC_"))}
    env.update(LANG="hu_HU.UTF-8", CENTRALINO_CONFIG=str(tmp_path / "none.toml"))
    result = subprocess.run([sys.executable, "-m", "console.entry", "--help"],
                            capture_output=True, text=True, timeout=60, check=False, env=env)
    assert result.returncode == 0, result.stderr
    assert "billentyűzetre épülő konzol" in result.stdout
    assert "Használat:" in result.stdout and "Kapcsolók:" in result.stdout  # click's own words
    for english in ("keyboard-first", "Usage:", "Options:", "Show this message"):
        assert english not in result.stdout


def test_activating_a_language_translates() -> None:
    try:
        activate_language("it")
        assert i18n._("Available") == "Disponibile"
        activate_language("hu")
        assert i18n._("Available") == "Elérhető"
        activate_language("ro")
        assert i18n._("Available") == "Disponibil"
    finally:
        i18n.activate("en", None)


async def test_the_first_frame_is_already_in_the_language(config: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The boot outline is drawn before the settings load (console/boot.py): the language read
    early (console.language.early_language) must already be active."""
    from textual.app import App

    from console.language import activate_early
    from screens.common.boot_screen import BootScreen

    config.write_text('language = "ro"\n')
    activate_early()

    class Outline(App[None]):
        def on_mount(self) -> None:
            self.push_screen(BootScreen("anna"))

    app = Outline()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
        title = app.screen.query_one("#boot-queue").border_title
    assert "Conectare…" in shown and "Connecting" not in shown
    assert str(title) == "Coadă: conectare…"
