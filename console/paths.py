"""Where things live: shipped data (checkout or wheel), user config and user data."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "centralino"


def data_root() -> Path:
    """The shipped `data/` folder: inside the installed wheel, or at the top of a checkout."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("Centralino's data folder is missing: reinstall the package")


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return user_data_dir() / "centralino.db"


def demo_database() -> Path:
    return user_data_dir() / "demo.db"


def drafts_dir() -> Path:
    return user_data_dir() / "drafts"
