"""Settings: CLI flags > CENTRALINO_* environment variables > config.toml > defaults.

The TOML file lives in the platform config directory (`centralino config path` prints it);
`CENTRALINO_CONFIG` points at another file.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from backends.errors import Invalid, invalid_from_validation
from backends.i18n import _
from backends.private_files import group_id, share_with_group
from backends.registry import scheme_of, sqlite_path
from console import paths
from console.settings_secrets import warn_once_if_exposed


def settings_file() -> Path:
    override = os.environ.get("CENTRALINO_CONFIG")
    return Path(override).expanduser() if override else paths.config_file()


@lru_cache(maxsize=16)
def known_region(code: str) -> bool:
    """Whether phonenumbers has metadata for the country `code`. Importing phonenumbers costs
    ~0.05-0.15 s that the first frame does not need, so its per-region data files are looked up
    instead (one `region_XX.py` for each of its SUPPORTED_REGIONS); the import is the fallback
    when the package is not laid out as files."""
    if not re.fullmatch(r"[A-Z]{2}", code):
        return False
    spec = importlib.util.find_spec("phonenumbers")
    folders = [Path(folder) / "data" for folder in (spec.submodule_search_locations or [])
               ] if spec is not None else []
    if folders and all(folder.is_dir() for folder in folders):
        return any((folder / f"region_{code}.py").is_file() for folder in folders)
    import phonenumbers

    return code in phonenumbers.SUPPORTED_REGIONS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CENTRALINO_", extra="forbid",
                                      validate_default=True)

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
    language: str = Field(default="en", description="interface language: en, it, hu, ro")
    keys: dict[str, str] = Field(default_factory=dict,
                                 description="binding id → key(s), e.g. answer_next = 'f5'")
    offer_timeout: int = Field(
        default=30, ge=5, le=600,
        description="seconds an announced transfer or escalation waits for the colleague's "
                    "answer; then the call stays with you")
    poll_interval: float = Field(default=0.2, gt=0, le=10,
                                 description="seconds between change-feed polls")
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
        if not re.fullmatch(r"[a-z]{2}", value):
            raise ValueError(_("'{value}' is not a two-letter language code such as en, it")
                             .format(value=value))
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # init (CLI flags) beats environment beats the TOML file
        return (init_settings, env_settings,
                TomlConfigSettingsSource(settings_cls, toml_file=settings_file()))


def load_settings(**flags: Any) -> Settings:
    """Settings with CLI `flags` on top (None means: flag not given). Invalid on bad input."""
    given = {key: value for key, value in flags.items() if value is not None}
    try:
        settings = Settings(**given)
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None
    except (OSError, ValueError) as exc:  # unreadable or malformed TOML
        raise Invalid("config", f"{settings_file()}: {exc}") from None
    # every file created from here on (database, backups, exports) follows this setting
    share_with_group(settings.shared_group)
    warn_once_if_exposed(settings_file())
    return settings
