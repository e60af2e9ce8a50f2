"""Settings precedence (flags > CENTRALINO_* > TOML > defaults) and clear errors on bad input.

Runs against real TOML files in a temporary folder; conftest isolates the user's own config.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.errors import Invalid
from console import paths
from console.settings import load_settings, settings_file


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "centralino.toml"
    monkeypatch.setenv("CENTRALINO_CONFIG", str(path))
    return path


def test_defaults_without_any_file(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "giulia")
    settings = load_settings()
    assert settings.region == "IT"
    assert settings.language == "en"
    assert settings.operator == "giulia"
    assert settings.keys == {}
    assert settings.backend == str(paths.default_database())


def test_default_config_file_is_in_the_user_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CENTRALINO_CONFIG", raising=False)
    assert settings_file() == paths.config_file()


def test_precedence_flags_env_toml_defaults(config: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config.write_text(
        'region = "HU"\noperator = "from_toml"\nlanguage = "hu"\npoll_interval = 1.5\n'
        '[keys]\nanswer_next = "f5"\n', encoding="utf-8")
    settings = load_settings()
    assert (settings.region, settings.operator, settings.language) == ("HU", "from_toml", "hu")
    assert settings.poll_interval == 1.5
    assert settings.keys == {"answer_next": "f5"}

    monkeypatch.setenv("CENTRALINO_REGION", "RO")
    monkeypatch.setenv("CENTRALINO_OPERATOR", "from_env")
    settings = load_settings()
    assert (settings.region, settings.operator, settings.language) == ("RO", "from_env", "hu")

    settings = load_settings(region="GB", operator=None)  # None: the flag was not given
    assert (settings.region, settings.operator, settings.language) == ("GB", "from_env", "hu")
    assert settings.poll_interval == 1.5  # untouched by env and flags: still from the file


def test_backend_from_each_layer(config: Path, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    config.write_text(f'backend = "sqlite:///{tmp_path}/toml.db"\n', encoding="utf-8")
    assert load_settings().backend.endswith("toml.db")
    monkeypatch.setenv("CENTRALINO_BACKEND", "http://127.0.0.1:8765")
    assert load_settings().backend == "http://127.0.0.1:8765"
    assert load_settings(backend="rt+https://rt.example").backend == "rt+https://rt.example"


def test_malformed_toml_is_invalid_config(config: Path) -> None:
    config.write_text('region = \n[keys\n', encoding="utf-8")
    with pytest.raises(Invalid) as info:
        load_settings()
    assert info.value.field == "config"
    assert str(config) in info.value.reason


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ("poll_interval = 99\n", "poll_interval"),
        ("poll_interval = 0\n", "poll_interval"),
        ('poll_interval = "soon"\n', "poll_interval"),
        ('region = "XX"\n', "region"),
        ('language = "klingon"\n', "language"),
        ('operator = ""\n', "operator"),
        ('backend = "ftp://example"\n', "backend"),
        ('backend = "sqlite://"\n', "backend"),
        ("keys = 3\n", "keys"),
        ("favourite_colour = 1\n", "favourite_colour"),
    ],
)
def test_bad_value_in_toml_names_the_field(config: Path, toml: str, field: str) -> None:
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(Invalid) as info:
        load_settings()
    assert info.value.field == field
    assert info.value.reason


@pytest.mark.parametrize(
    ("env", "value", "field"),
    [("CENTRALINO_POLL_INTERVAL", "abc", "poll_interval"),
     ("CENTRALINO_REGION", "Italy", "region"),
     ("CENTRALINO_BACKEND", "gopher://x", "backend")],
)
def test_bad_value_in_env_names_the_field(config: Path, monkeypatch: pytest.MonkeyPatch,
                                          env: str, value: str, field: str) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(Invalid) as info:
        load_settings()
    assert info.value.field == field


@pytest.mark.parametrize(
    ("flags", "field"),
    [({"region": "ZZ"}, "region"), ({"poll_interval": -1}, "poll_interval"),
     ({"backend": "mysql://db"}, "backend"), ({"language": "english"}, "language")],
)
def test_bad_flag_names_the_field(config: Path, flags: dict[str, object], field: str) -> None:
    with pytest.raises(Invalid) as info:
        load_settings(**flags)
    assert info.value.field == field


def test_values_are_normalised(config: Path) -> None:
    config.write_text('region = "hu"\nlanguage = "RO"\n', encoding="utf-8")
    settings = load_settings()
    assert (settings.region, settings.language) == ("HU", "ro")


def test_env_names_in_any_case_and_keys_as_json(config: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment is read without pydantic-settings (start-up): variable names in any
    case, `keys` as a JSON object, and a bad one named."""
    monkeypatch.setenv("centralino_region", "HU")
    monkeypatch.setenv("CENTRALINO_KEYS", '{"answer_next": "ctrl+a"}')
    monkeypatch.setenv("CENTRALINO_OFFER_TIMEOUT", "45")
    settings = load_settings()
    assert (settings.region, settings.keys, settings.offer_timeout) == (
        "HU", {"answer_next": "ctrl+a"}, 45)
    monkeypatch.setenv("CENTRALINO_KEYS", "answer_next=ctrl+a")
    with pytest.raises(Invalid) as caught:
        load_settings()
    assert caught.value.field == "keys" and "CENTRALINO_KEYS" in caught.value.message


def test_an_unknown_setting_in_the_file_is_refused_by_name(config: Path) -> None:
    config.write_text('regoin = "HU"\n', encoding="utf-8")
    with pytest.raises(Invalid) as caught:
        load_settings()
    assert "regoin" in str(caught.value.field) + caught.value.message
