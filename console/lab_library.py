"""The lab's library for the console: the shipped data/training folder, then the
organisation's own (`<config folder>/training/{forms,scenarios}`), in the console's language
(backends/training/catalog.py; docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

from pathlib import Path

from backends.training.catalog import Library, load_library
from console import paths


def library_roots() -> list[Path]:
    return [paths.data_root() / "training", paths.config_dir() / "training"]


def load(language: str = "en") -> Library:
    """ScenarioError (an Invalid naming file, step and reason) for a bad file."""
    return load_library(library_roots(), language)
