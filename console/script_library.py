"""The call scripts the console and the CLI use: the shipped data/scripts folder, then the
organisation's own in the config folder's `scripts/` (a later file for the same campaign
replaces the shipped one). README "Call scripts"; backends/scripts/loader.py reads them."""

from __future__ import annotations

from pathlib import Path

from backends.scripts.definition import Script
from backends.scripts.loader import load_folders
from console import paths


def folders() -> list[Path]:
    return [paths.data_root() / "scripts", paths.config_dir() / "scripts"]


def scripts_by_campaign() -> dict[str, Script]:
    """Every script, by its campaign's name (ScriptError when a file is bad)."""
    return load_folders(folders())
