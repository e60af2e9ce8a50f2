"""The lab's library for the console: the shipped data/training folder, then the
organisation's own (`<config folder>/training/{forms,scenarios}`), in the console's language
(backends/training/catalog.py; docs/ARCHITECTURE.md, "console/")."""

from __future__ import annotations

from pathlib import Path

from backends.errors import BackendError
from backends.protocol import Backend
from backends.training.api import TRAINING
from backends.training.catalog import Library, load_library
from backends.training.desk import persona_numbers
from console import paths


def library_roots() -> list[Path]:
    return [paths.data_root() / "training", paths.config_dir() / "training"]


def load(language: str = "en") -> Library:
    """ScenarioError (an Invalid naming file, step and reason) for a bad file."""
    return load_library(library_roots(), language)


def load_without_scenarios() -> Library:
    """The forms and topics a scenario file is checked against (`centralino lab check`)."""
    return load_library(library_roots(), scenarios=False)


async def lab_numbers(backend: Backend, language: str = "en") -> frozenset[str]:
    """On a lab database (one with a lab session), the numbers of the library's scenario
    callers, which `centralino simulate` leaves to the lab; elsewhere none. ScenarioError for
    a bad file of the library, as every lab command."""
    try:
        sessions = await backend.domain(TRAINING).list_sessions()
    except BackendError:  # no training domain here, or not ours to read
        return frozenset()
    if not sessions:
        return frozenset()
    return persona_numbers(load(language).scenarios.values())
