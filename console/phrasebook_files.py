"""Where the phrasebook comes from: the default in data/phrasebook/phrases.txt, then the
organisation's `phrasebook.txt` in the config folder (its lines override or add phrases;
backends/phrasebook/phrases.py reads both)."""

from __future__ import annotations

from pathlib import Path

from backends.phrasebook.phrases import Phrasebook, load
from console import paths

OVERRIDE_NAME = "phrasebook.txt"


def phrasebook_files() -> list[Path]:
    return [paths.data_root() / "phrasebook" / "phrases.txt", paths.config_dir() / OVERRIDE_NAME]


def load_phrasebook() -> Phrasebook:
    return load(phrasebook_files())
