"""Settings: CLI flags > CENTRALINO_* environment variables > config.toml > defaults.

The TOML file lives in the platform config directory (`centralino config path` prints it);
`CENTRALINO_CONFIG` points at another file.

Not pydantic (nor pydantic-settings): every start reads the settings, and importing pydantic
(about 52 ms of CPU, 7.6 MB) and building this model's schema (about 21 ms, and
importlib.metadata for pydantic's plugins) were most of their cost, for twenty flat fields that
a dataclass and one check per field (console/settings_fields.py) cover with the same bounds,
coercions and messages. Import and load_settings() after Textual, medians of 5 processes
(2026-12-07): 129 → 20 ms and +11.3 → +1.2 MB; 45 → 18 ms and +5.0 → +1.1 MB where pydantic was
already loaded (docs/ARCHITECTURE.md, "Start-up").
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from backends.errors import Invalid
from backends.i18n import _
from backends.phones import known_region
from backends.private_files import group_id, share_with_group
from backends.registry import scheme_of, sqlite_path
from console import paths
from console.language import LANGUAGES, from_locale
from console.settings_fields import checked, not_a_setting, setting
from console.settings_secrets import warn_once_if_exposed


def settings_file() -> Path:
    override = os.environ.get("CENTRALINO_CONFIG")
    return Path(override).expanduser() if override else paths.config_file()


ENV_PREFIX = "CENTRALINO_"


# each setting's own check, after its type and bounds: value → value, ValueError with why
def _backend_url(value: str) -> str:
    if scheme_of(value) == "sqlite":  # also refuses URLs of unknown schemes (Invalid)
        sqlite_path(value)
    return value


def _group_exists(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    group_id(value.strip())  # Invalid when there is no such group
    return value.strip()


def _region_known(value: str) -> str:
    value = value.strip().upper()
    if not known_region(value):
        raise ValueError(_("'{value}' is not a country code such as IT, HU, RO, GB")
                         .format(value=value))
    return value


def _language_code(value: str) -> str:
    value = value.strip().lower()
    if value not in LANGUAGES:
        raise ValueError(_("'{value}' is not a language Centralino speaks: {languages}")
                         .format(value=value, languages=", ".join(LANGUAGES)))
    return value


@dataclass(frozen=True)
class Settings:
    """Read by `load_settings` from its three sources. Every value, defaults included, is
    checked when a Settings is made (also by dataclasses.replace); frozen, so none changes
    unchecked afterwards."""

    backend: str = setting(
        "sqlite:///file or a path, http(s)://server, rt+http(s)://helpdesk",
        factory=lambda: str(paths.default_database()), check=_backend_url)
    operator: str = setting("the operator login this console works as",
                            factory=lambda: os.environ.get("USER") or "operator",
                            min_length=1, max_length=40)
    token: str | None = setting("API token for http and rt backends", default=None)
    user: str | None = setting("user name for rt (with password)", default=None)
    password: str | None = setting("password for rt (with user)", default=None)
    region: str = setting("country for numbers without a prefix", default="IT",
                          check=_region_known)
    language: str = setting("interface language: en, it, hu, ro (unset: the locale's, "
                            "LC_ALL/LC_MESSAGES/LANG, else en)",
                            factory=from_locale, check=_language_code)
    # setting() is a dataclasses.field: a fresh dict per Settings, not one shared default
    keys: dict[str, str] = setting(  # noqa: RUF009
        "binding id → key(s), e.g. answer_next = 'f5'", factory=dict)
    offer_timeout: int = setting(
        "seconds an announced transfer or escalation waits for the colleague's answer; then "
        "the call stays with you", default=30, ge=5, le=600)
    smtp_host: str | None = setting(
        "SMTP server that mails messages taken for colleagues with an e-mail address; unset: "
        "messages are not mailed", default=None, max_length=255)
    smtp_port: int = setting("SMTP port", default=25, ge=1, le=65535)
    smtp_from: str = setting("sender address of mailed messages",
                             default="centralino@localhost", max_length=254)
    smtp_starttls: bool = setting("STARTTLS before sending", default=False)
    smtp_username: str | None = setting("SMTP login, if the server wants one", default=None,
                                        max_length=254)
    smtp_password: str | None = setting("SMTP password", default=None)
    # float bounds, so a refusal reads "at most 10.0" as pydantic's did
    poll_interval: float = setting("seconds between change-feed polls", default=0.2,
                                   gt=0.0, le=10.0)
    timezone: str = setting("your time zone, e.g. Europe/Rome, for callback times (empty: "
                            "the system's)", default="", max_length=60)
    callback_window_minutes: int = setting(
        "how long a callback booked here may be made from its due time",
        default=60, ge=1, le=1440)
    callback_grace_minutes: int = setting(
        "after the window, before a personal callback is handed to anyone",
        default=30, ge=0, le=1440)
    shared_group: str | None = setting(
        "Unix group that shares the database files (files 0660, folders 2770); unset: owner "
        "only (0600, 0700)", default=None, max_length=64, check=_group_exists)

    def __post_init__(self) -> None:
        # in field order, so the first bad one is named (as pydantic named its first error)
        for spec in fields(self):
            object.__setattr__(self, spec.name, checked(spec, getattr(self, spec.name)))

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from one merged mapping; a name that is no setting is refused, after the
        settings' own values are checked (pydantic's order)."""
        names = {spec.name for spec in fields(cls)}
        settings = cls(**{name: value for name, value in values.items() if name in names})
        for name in values:
            if name not in names:
                raise not_a_setting(name)
        return settings


SETTING_NAMES = tuple(spec.name for spec in fields(Settings))


def from_environment() -> dict[str, Any]:
    """CENTRALINO_<SETTING> variables, in any case (`keys` as a JSON object)."""
    wanted = {f"{ENV_PREFIX}{name}".casefold(): name for name in SETTING_NAMES}
    found: dict[str, Any] = {}
    for variable, value in os.environ.items():
        name = wanted.get(variable.casefold())
        if name is None:
            continue
        if name == "keys":
            try:
                found[name] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise Invalid("keys", f"{variable}: {exc.msg} (expected a JSON object such as "
                              '{"answer_next": "ctrl+a"})') from None
        else:
            found[name] = value
    return found


def from_file(path: Path) -> dict[str, Any]:
    """The TOML settings file's table; none when the file does not exist."""
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def load_settings(**flags: Any) -> Settings:
    """Settings with CLI `flags` on top (None means: flag not given). Invalid on bad input."""
    given = {key: value for key, value in flags.items() if value is not None}
    try:
        in_file = from_file(settings_file())
    except (OSError, ValueError) as exc:  # unreadable or malformed TOML
        raise Invalid("config", f"{settings_file()}: {exc}") from None
    # flags beat the environment, which beats the file
    settings = Settings.from_values({**in_file, **from_environment(), **given})
    # every file created from here on (database, backups, exports) follows this setting
    share_with_group(settings.shared_group)
    warn_once_if_exposed(settings_file())
    return settings
