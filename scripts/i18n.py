"""The catalogs' tool (`make i18n`): extract the messages, update the four catalogs, compile them.

    python scripts/i18n.py            extract → update → compile (what `make i18n` runs)
    python scripts/i18n.py missing    list each catalog's untranslated or mismatched messages

Sources are the `_()` / `ngettext()` calls in console/, screens/ and backends/ (babel.cfg).
Output is stable: no dates, no line numbers, sorted, so a run with no new strings changes
nothing and merging branches touches only the messages that changed. The English catalog is
filled from the source strings themselves; it, hu and ro are written by translators.
"""

from __future__ import annotations

import ast
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "data" / "locale"
TEMPLATE = LOCALE / "centralino.pot"
DOMAIN = "centralino"
LANGUAGES = ("en", "it", "hu", "ro")
SOURCES = ("console", "screens", "backends")
FIXED_DATE = datetime(2026, 12, 1, tzinfo=UTC)  # in the headers: dates would change every run
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}")
WIDTH = 100
# N_("…") marks a string translated later, when shown (backends/i18n.py)
# NC_("context", "…") the same with a context (pgettext)
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "NC_": ((1, "c"), 2)}


def _stable(catalog: Catalog) -> Catalog:
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    catalog.project = "Centralino"
    catalog.version = ""
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = ""
    catalog.last_translator = "Centralino translators"
    catalog.language_team = "Centralino translators"
    return catalog


def extract() -> None:
    _write_po(TEMPLATE, extract_catalog())


def extract_catalog() -> Catalog:
    """Every message in the sources, as a template (in memory)."""
    template = _stable(Catalog(domain=DOMAIN))
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    for source in SOURCES:
        for filename, _lineno, message, comments, context in extract_from_dir(
                ROOT / source, method_map=method_map, options_map=options_map,
                keywords=KEYWORDS):
            template.add(message, None, [(f"{source}/{filename}", 0)],
                         auto_comments=comments, context=context)
    for path, docstring in command_docstrings():
        template.add(docstring, None, [(path, 0)])
    return template


def command_docstrings() -> list[tuple[str, str]]:
    """The click commands' docstrings (their help, console/cli_help.py translates them)."""
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(_is_command(d)
                                                         for d in node.decorator_list):
                docstring = ast.get_docstring(node, clean=True)
                if docstring:
                    found.append((str(path.relative_to(ROOT)), docstring))
    return found


def _is_command(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("command", "group")


def _write_po(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=WIDTH, no_location=True, omit_header=False,
                 sort_output=True, ignore_obsolete=True, include_previous=False)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def update() -> None:
    for language in LANGUAGES:
        # read afresh for each: Catalog.update shares the template's message objects
        with TEMPLATE.open("rb") as pot:
            template = read_po(pot, domain=DOMAIN)
        path = po_path(language)
        catalog = read_catalog(language) if path.exists() else Catalog(locale=language,
                                                                      domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == "en":  # the source strings are the English text
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        _write_po(path, _stable(catalog))


def compile_all() -> None:
    for language in LANGUAGES:
        catalog = read_catalog(language)
        with po_path(language).with_suffix(".mo").open("wb") as mo:
            write_mo(mo, catalog, use_fuzzy=False)


def _translated(message: object) -> bool:
    string = getattr(message, "string", "")
    if isinstance(string, (list, tuple)):
        return all(string)
    return bool(string)


def not_in_catalogs() -> list[str]:
    """Messages in the sources that the catalogs lack (run `make i18n` to add them)."""
    known = {message.id for message in read_catalog("en")}
    return [f"not extracted yet: {message.id!r}" for message in extract_catalog()
            if message.id and message.id not in known]


def problems(language: str, catalog: Catalog | None = None) -> list[str]:
    """Each message of `language`'s catalog that has no translation, a fuzzy one, or other
    {placeholders} than its source."""
    found: list[str] = []
    for message in catalog if catalog is not None else read_catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = (message.string if isinstance(message.string, (list, tuple))
                   else (message.string,))
        shown = ids[0]
        if not all(strings) or message.fuzzy:
            found.append(f"{language}: untranslated: {shown!r}")
            continue
        wanted = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        for index, string in enumerate(strings):
            have = set(PLACEHOLDER.findall(string))
            # a plural's first form (one) may leave out the count: "un messaggio"
            if have != wanted and not (index == 0 and len(strings) > 1 and have <= wanted):
                found.append(f"{language}: placeholders {sorted(wanted)} differ in "
                             f"{string!r} (for {shown!r})")
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["missing"]:
        found = not_in_catalogs() + [line for language in LANGUAGES
                                     for line in problems(language)]
        print("\n".join(found) if found else "every message is translated in "
              + ", ".join(LANGUAGES))
        return 1 if found else 0
    if argv:
        print(__doc__)
        return 2
    extract()
    update()
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
