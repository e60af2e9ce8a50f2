"""Settings precedence (flags > CENTRALINO_* > TOML > defaults) and clear errors on bad input.

Runs against real TOML files in a temporary folder; conftest isolates the user's own config.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from backends.errors import Invalid
from backends.plain_words import field_label
from console import paths
from console.settings import Settings, load_settings, settings_file


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


# ---- coercion and checks without pydantic (console/settings_fields.py): pydantic's lax rules
@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True), ("Y", True),
     ("false", False), ("0", False), ("no", False), ("off", False), ("F", False)],
)
def test_a_yes_no_setting_from_the_environment(config: Path, monkeypatch: pytest.MonkeyPatch,
                                               text: str, expected: bool) -> None:
    monkeypatch.setenv("CENTRALINO_SMTP_STARTTLS", text)
    assert load_settings().smtp_starttls is expected


@pytest.mark.parametrize(
    ("env", "value", "field", "why"),
    [("CENTRALINO_OFFER_TIMEOUT", "abc", "offer_timeout", "must be a whole number"),
     ("CENTRALINO_OFFER_TIMEOUT", "45.5", "offer_timeout", "must be a whole number"),
     ("CENTRALINO_OFFER_TIMEOUT", "2", "offer_timeout", "at least 5"),
     ("CENTRALINO_SMTP_PORT", "65536", "smtp_port", "at most 65535"),
     ("CENTRALINO_SMTP_STARTTLS", "maybe", "smtp_starttls", "must be yes or no"),
     ("CENTRALINO_POLL_INTERVAL", "nan", "poll_interval", "at most 10.0"),
     ("CENTRALINO_POLL_INTERVAL", "0", "poll_interval", "more than 0.0"),
     ("CENTRALINO_OPERATOR", "", "operator", "cannot be empty"),
     ("CENTRALINO_SMTP_HOST", "h" * 256, "smtp_host", "at most 255 characters"),
     ("CENTRALINO_LANGUAGE", "klingon", "language", "is not a language Centralino speaks")],
)
def test_a_bad_environment_value_names_the_setting_and_why(
        config: Path, monkeypatch: pytest.MonkeyPatch, env: str, value: str, field: str,
        why: str) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(Invalid) as caught:
        load_settings()
    assert caught.value.field == field
    assert why in caught.value.reason
    assert caught.value.message.startswith(f"{field_label(field)}: ")


def test_numbers_from_the_environment_as_pydantic_read_them(
        config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CENTRALINO_OFFER_TIMEOUT", " 4_5.0 ")
    monkeypatch.setenv("CENTRALINO_CALLBACK_GRACE_MINUTES", "+0")
    monkeypatch.setenv("CENTRALINO_POLL_INTERVAL", "1e-1")
    settings = load_settings()
    assert (settings.offer_timeout, settings.callback_grace_minutes) == (45, 0)
    assert settings.poll_interval == 0.1 and isinstance(settings.poll_interval, float)


def test_typed_values_in_the_file(config: Path) -> None:
    config.write_text("smtp_starttls = true\nsmtp_port = 587\npoll_interval = 2\n"
                      "offer_timeout = 45.0\n", encoding="utf-8")
    settings = load_settings()
    assert (settings.smtp_starttls, settings.smtp_port, settings.offer_timeout) == (True, 587, 45)
    assert settings.poll_interval == 2.0 and isinstance(settings.poll_interval, float)


@pytest.mark.parametrize(
    ("toml", "field", "why"),
    [("smtp_port = true\n", "smtp_port", "must be a whole number"),  # pydantic took it as 1
     ("offer_timeout = 45.5\n", "offer_timeout", "must be a whole number"),
     ('smtp_starttls = "sure"\n', "smtp_starttls", "must be yes or no"),
     ("token = 12\n", "token", "must be text"),
     ("[keys]\nanswer_next = 5\n", "keys.answer_next", "must be text"),
     ('keys = "f5"\n', "keys", "is not valid"),
     ('shared_group = "no-such-group-here"\n', "shared_group", "no-such-group-here"),
     ("favourite_colour = 1\n", "favourite_colour", "is not a field here")],
)
def test_bad_typed_value_in_the_file_names_it_and_why(config: Path, toml: str, field: str,
                                                      why: str) -> None:
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(Invalid) as caught:
        load_settings()
    assert (caught.value.field, why in caught.value.reason) == (field, True)


def test_a_bad_value_is_named_before_an_unknown_setting(config: Path) -> None:
    """As pydantic reported them: the settings' own values first, in their order."""
    config.write_text('zzz = 1\nregion = "XX"\noffer_timeout = "soon"\n', encoding="utf-8")
    with pytest.raises(Invalid) as caught:
        load_settings()
    assert caught.value.field == "region"


def test_defaults_are_checked_too(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate_default as before: the login the operator defaults to is checked like a flag."""
    monkeypatch.setenv("USER", "u" * 41)
    with pytest.raises(Invalid) as caught:
        load_settings()
    assert caught.value.field == "operator"
    monkeypatch.setenv("USER", "anna")
    monkeypatch.setenv("LANG", "HU_hu.UTF-8")  # the locale's default is normalised as well
    assert load_settings().language == "hu"


def test_messages_are_translated(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The words come from backends/plain_words.py, whose translations exist already."""
    from console.language import activate_language

    monkeypatch.setenv("CENTRALINO_OFFER_TIMEOUT", "abc")
    activate_language("it")  # conftest goes back to English for the next test
    with pytest.raises(Invalid) as caught:
        load_settings()
    assert caught.value.reason == "deve essere un numero intero"


def test_settings_are_checked_when_made_and_do_not_change_unchecked(config: Path) -> None:
    settings = load_settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.region = "XX"  # type: ignore[misc]
    with pytest.raises(Invalid) as caught:
        dataclasses.replace(settings, region="XX")
    assert caught.value.field == "region"
    assert dataclasses.replace(settings, region="hu").region == "HU"


def test_every_setting_says_what_it_is_for() -> None:
    """The descriptions pydantic's Field carried are kept, one per setting."""
    specs = dataclasses.fields(Settings)
    assert len(specs) == 20
    assert all(spec.metadata["description"].strip() for spec in specs)
    assert dict((s.name, s.metadata["bounds"]) for s in specs)["offer_timeout"] == {
        "ge": 5, "le": 600}
