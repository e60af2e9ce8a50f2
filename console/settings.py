"""Settings: CLI flags > CENTRALINO_* environment variables > config.toml > defaults.

The TOML file lives in the platform config directory (`centralino config path` prints it);
`CENTRALINO_CONFIG` points at another file.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backends.errors import Invalid, invalid_from_validation
from backends.i18n import _
from backends.phones import known_region
from backends.private_files import group_id, share_with_group
from backends.registry import scheme_of, sqlite_path
from console import paths
from console.language import LANGUAGES, from_locale
from console.settings_secrets import warn_once_if_exposed


def settings_file() -> Path:
    override = os.environ.get("CENTRALINO_CONFIG")
    return Path(override).expanduser() if override else paths.config_file()


ENV_PREFIX = "CENTRALINO_"


class Settings(BaseModel):
    """Read by `load_settings` from its three sources. Not pydantic-settings: importing it cost
    about 0.1 s of CPU at every start (its command-line source alone), for three sources that
    take a few lines here (docs/ARCHITECTURE.md, "Start-up")."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    backend: str = Field(
        default_factory=lambda: str(paths.default_database()),
        description="sqlite:///file or a path, http(s)://server, rt+http(s)://helpdesk",
    )
    operator: str = Field(default_factory=lambda: os.environ.get("USER") or "operator",
                          min_length=1, max_length=40,
                          description="the operator login this console works as")
    token: str | None = Field(default=None, description="API token for http and rt backends")
    user: str | None = Field(default=None, description="user name for rt (with password)")
    password: str | None = Field(default=None, description="password for rt (with user)")
    region: str = Field(default="IT", description="country for numbers without a prefix")
    language: str = Field(default_factory=from_locale,
                          description="interface language: en, it, hu, ro (unset: the "
                                      "locale's, LC_ALL/LC_MESSAGES/LANG, else en)")
    keys: dict[str, str] = Field(default_factory=dict,
                                 description="binding id → key(s), e.g. answer_next = 'f5'")
    offer_timeout: int = Field(
        default=30, ge=5, le=600,
        description="seconds an announced transfer or escalation waits for the colleague's "
                    "answer; then the call stays with you")
    smtp_host: str | None = Field(
        default=None, max_length=255,
        description="SMTP server that mails messages taken for colleagues with an e-mail "
                    "address; unset: messages are not mailed")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="SMTP port")
    smtp_from: str = Field(default="centralino@localhost", max_length=254,
                           description="sender address of mailed messages")
    smtp_starttls: bool = Field(default=False, description="STARTTLS before sending")
    smtp_username: str | None = Field(default=None, max_length=254,
                                      description="SMTP login, if the server wants one")
    smtp_password: str | None = Field(default=None, description="SMTP password")
    poll_interval: float = Field(default=0.2, gt=0, le=10,
                                 description="seconds between change-feed polls")
    timezone: str = Field(default="", max_length=60,
                          description="your time zone, e.g. Europe/Rome, for callback times "
                                      "(empty: the system's)")
    callback_window_minutes: int = Field(default=60, ge=1, le=1440,
                                         description="how long a callback booked here may "
                                                     "be made from its due time")
    callback_grace_minutes: int = Field(default=30, ge=0, le=1440,
                                        description="after the window, before a personal "
                                                    "callback is handed to anyone")
    shared_group: str | None = Field(
        default=None, max_length=64,
        description="Unix group that shares the database files (files 0660, folders 2770); "
                    "unset: owner only (0600, 0700)")

    @field_validator("backend")
    @classmethod
    def _backend_url(cls, value: str) -> str:
        try:
            if scheme_of(value) == "sqlite":  # also refuses URLs of unknown schemes
                sqlite_path(value)
        except Invalid as exc:
            raise ValueError(exc.reason) from None
        return value

    @field_validator("shared_group")
    @classmethod
    def _group_exists(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            group_id(value.strip())
        except Invalid as exc:
            raise ValueError(exc.reason) from None
        return value.strip()

    @field_validator("region")
    @classmethod
    def _region_known(cls, value: str) -> str:
        value = value.strip().upper()
        if not known_region(value):
            raise ValueError(_("'{value}' is not a country code such as IT, HU, RO, GB")
                             .format(value=value))
        return value

    @field_validator("language")
    @classmethod
    def _language_code(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in LANGUAGES:
            raise ValueError(_("'{value}' is not a language Centralino speaks: {languages}")
                             .format(value=value, languages=", ".join(LANGUAGES)))
        return value


def from_environment() -> dict[str, Any]:
    """CENTRALINO_<SETTING> variables, in any case (`keys` as a JSON object)."""
    wanted = {f"{ENV_PREFIX}{name}".casefold(): name for name in Settings.model_fields}
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
        # flags beat the environment, which beats the file
        settings = Settings(**{**from_file(settings_file()), **from_environment(), **given})
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None
    except (OSError, ValueError) as exc:  # unreadable or malformed TOML
        raise Invalid("config", f"{settings_file()}: {exc}") from None
    # every file created from here on (database, backups, exports) follows this setting
    share_with_group(settings.shared_group)
    warn_once_if_exposed(settings_file())
    return settings
