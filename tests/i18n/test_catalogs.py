"""Issue 16, item 1 and its first test: every message id is translated in all four catalogs
with the same {placeholders}; the compiled .mo files say what the .po files say; nothing in
the sources is missing from the catalogs."""

from __future__ import annotations

import gettext
import re

import pytest
from babel.messages.catalog import Catalog

from tests.i18n.catalog_tool import load

tool = load()
LANGUAGES = ("en", "it", "hu", "ro")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_translated_with_the_same_placeholders(language: str) -> None:
    assert tool.problems(language) == []


def test_every_message_in_the_sources_is_in_the_catalogs() -> None:
    assert tool.not_in_catalogs() == []


def _copy(language: str) -> Catalog:
    return tool.read_catalog(language)


def _a_message_with_a_placeholder(catalog: Catalog) -> object:
    return next(m for m in catalog if isinstance(m.id, str) and "{" in m.id
                and re.search(r"\{[a-z]+\}", m.id))


@pytest.mark.parametrize("language", ("it", "hu", "ro"))
def test_a_dropped_translation_is_reported(language: str) -> None:
    catalog = _copy(language)
    message = catalog.get("Available")
    message.string = ""
    assert tool.problems(language, catalog) == [f"{language}: untranslated: 'Available'"]


@pytest.mark.parametrize("language", ("it", "hu", "ro"))
def test_a_dropped_placeholder_is_reported(language: str) -> None:
    catalog = _copy(language)
    message = _a_message_with_a_placeholder(catalog)
    message.string = re.sub(r"\{[a-z]+\}", "", message.string, count=1)
    found = tool.problems(language, catalog)
    assert len(found) == 1 and "placeholders" in found[0], found


def test_a_dropped_plural_form_is_reported() -> None:
    catalog = _copy("ro")
    message = next(m for m in catalog if isinstance(m.id, tuple))
    assert len(message.string) == 3  # one, few, other
    message.string = (message.string[0], message.string[1], "")
    assert len(tool.problems("ro", catalog)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_source(language: str) -> None:
    """`make i18n` was run after the last edit of the .po file."""
    folder = tool.LOCALE
    compiled = gettext.translation("centralino", folder, languages=[language])
    for message in tool.read_catalog(language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(*message.id, 1) == message.string[0]
        elif message.context:  # a department name (pgettext), apart from the same word
            assert compiled.pgettext(message.context, message.id) == message.string
        else:
            assert compiled.gettext(message.id) == message.string, message.id


def test_plural_rules_differ_per_language() -> None:
    """Romanian has a third form (20 and more take "de"); Hungarian and Italian two."""
    from backends import i18n
    from console.language import activate_language

    try:
        activate_language("ro")
        forms = {i18n.ngettext("{n} call waiting", "{n} calls waiting", n).format(n=n)
                 for n in (1, 2, 20)}
        assert forms == {"1 apel în așteptare", "2 apeluri în așteptare",
                         "20 de apeluri în așteptare"}
        activate_language("it")
        assert i18n.ngettext("{n} call waiting", "{n} calls waiting", 1).format(n=1) == (
            "1 chiamata in attesa")
    finally:
        i18n.activate("en", None)
