"""The commands the README shows, read from its code blocks (indented or fenced): one logical
line each (continuations joined, the trailing comment dropped), alternatives written as
`path | show` or `[--skip-bad]` expanded, `a; b` split. tests/cli/test_readme_commands.py runs
them (issue 15 item 10)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
OPTIONAL = re.compile(r"\s*\[(--[\w-]+)\]")
ALTERNATIVE = re.compile(r"^(.*\s)(\w+) \| (\w+)$")


def code_lines(text: str) -> list[str]:
    """The lines of the README's code blocks: indented after a blank line, or fenced."""
    out: list[str] = []
    lines = text.splitlines()
    fenced = indented = False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if line.startswith("    ") and (indented or number == 0 or not lines[number - 1].strip()):
            indented = True
            out.append(line[4:])
        elif line.strip():
            indented = False
    return out


def _without_comment(line: str) -> str:
    return re.split(r"\s{2,}#|\s#\s", line, maxsplit=1)[0].rstrip()


def commands(text: str | None = None) -> list[str]:
    """Every `centralino …` command of the README's code blocks, as a person would run it."""
    logical: list[str] = []
    pending = ""
    for line in code_lines(README.read_text(encoding="utf-8") if text is None else text):
        line = pending + line.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1].rstrip() + " "
            continue
        if line.startswith("centralino"):
            logical.append(_without_comment(line))
    expanded: list[str] = []
    for line in logical:
        for part in (piece.strip() for piece in line.split(";")):
            alternative = ALTERNATIVE.match(part)
            variants = ([alternative[1] + alternative[2], alternative[1] + alternative[3]]
                        if alternative else [part])
            for variant in variants:
                if OPTIONAL.search(variant):
                    expanded += [OPTIONAL.sub("", variant), OPTIONAL.sub(r" \1", variant)]
                else:
                    expanded.append(variant)
    return expanded
