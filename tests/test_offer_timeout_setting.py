"""The `offer_timeout` setting (issue 15, item 1): 30 s unless the settings file says, bounded,
and a bad value names the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.errors import Invalid
from console.settings import load_settings


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "centralino.toml"
    monkeypatch.setenv("CENTRALINO_CONFIG", str(path))
    return path


def test_default_and_from_the_file(config: Path) -> None:
    assert load_settings().offer_timeout == 30
    config.write_text("offer_timeout = 45\n", encoding="utf-8")
    assert load_settings().offer_timeout == 45


@pytest.mark.parametrize("value", ["2", "601", '"soon"'])
def test_a_bad_timeout_names_the_field(config: Path, value: str) -> None:
    config.write_text(f"offer_timeout = {value}\n", encoding="utf-8")
    with pytest.raises(Invalid) as info:
        load_settings()
    assert info.value.field == "offer_timeout"
