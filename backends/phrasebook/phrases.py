"""Phrasebook files: one phrase in one language a line, read line by line so that a bad entry
is reported with its file, line and reason while every other line still loads.

    # a comment
    set company: Acme Servizi
    opening.greeting it: Buongiorno, {company}, sono {operator}. Come posso aiutarla?
    opening.greeting hu: Jó napot kívánok, {company}, {operator} vagyok. Miben segíthetek?

A key is `<phase>.<name>` (phases below); a later file's line for the same key and language
replaces the earlier one, so an organisation's file overrides or adds phrases. `set NAME: VALUE`
gives a variable a value ({company}: the organisation's name). No Textual here: the screens
show what this reads (screens/phrasebook/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from backends.i18n import N_, _

LANGUAGES = ("en", "it", "hu", "ro")
# the call's phases, in the order a call goes through them, with their titles
PHASES: dict[str, str] = {
    "opening": N_("Opening"),
    "identify": N_("Identifying the caller"),
    "hold": N_("Hold and return"),
    "transfer": N_("Transferring"),
    "callback": N_("Callback"),
    "complaint": N_("Complaint"),
    "privacy": N_("Recording and privacy"),
    "closing": N_("Closing"),
}
VARIABLES = ("operator", "company", "customer", "ticket", "callback_time")
LINE = re.compile(r"^(?P<phase>[a-z_]+)\.(?P<name>[a-z0-9_]+)\s+(?P<lang>[a-z]{2,3})\s*:\s*"
                  r"(?P<text>.*\S)\s*$")
SETTING = re.compile(r"^set\s+(?P<name>[a-z_]+)\s*:\s*(?P<value>.*\S)\s*$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MAX_TEXT = 400  # characters: a phrase is said, not read out like a letter


@dataclass
class Phrase:
    phase: str
    name: str
    texts: dict[str, str] = field(default_factory=dict)  # language → text

    @property
    def key(self) -> str:
        return f"{self.phase}.{self.name}"

    def text(self, language: str) -> str:
        """The phrase in `language`, else in English, else in any language it has."""
        return self.texts.get(language) or self.texts.get("en") or next(iter(self.texts.values()))


@dataclass
class Phrasebook:
    phrases: dict[str, Phrase] = field(default_factory=dict)  # key → phrase, in file order
    values: dict[str, str] = field(default_factory=dict)  # `set` variables
    problems: list[str] = field(default_factory=list)  # "file:line: reason"

    def in_order(self) -> list[Phrase]:
        """By phase as a call goes, then as the files list them."""
        order = list(PHASES)
        return sorted(self.phrases.values(), key=lambda phrase: order.index(phrase.phase))


def _problem(text: str) -> str | None:
    """Why the phrase text cannot be used, or None."""
    if len(text) > MAX_TEXT:
        return _("the phrase is longer than {n} characters").format(n=MAX_TEXT)
    if text.count("{") != text.count("}"):
        return _("a brace is not closed")
    unknown = [name for name in PLACEHOLDER.findall(text) if name not in VARIABLES]
    if unknown:
        return _("unknown variable {{{name}}} (known: {known})").format(
            name=unknown[0], known=", ".join("{" + v + "}" for v in VARIABLES))
    return None


def read_into(book: Phrasebook, text: str, source: str) -> None:
    """Add the lines of one file to `book`; each bad line becomes one problem."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        setting = SETTING.match(line)
        if setting:
            if setting["name"] not in VARIABLES:
                book.problems.append(_("{where}: 'set' knows only {known}").format(
                    where=where, known=", ".join(VARIABLES)))
            else:
                book.values[setting["name"]] = setting["value"]
            continue
        found = LINE.match(line)
        if found is None:
            book.problems.append(_("{where}: not a phrase line (write: phase.name "
                                   "language: text)").format(where=where))
            continue
        phase, name, language, phrase = (found["phase"], found["name"], found["lang"],
                                         found["text"])
        reason = (_("unknown phase '{phase}' (known: {known})").format(
                      phase=phase, known=", ".join(PHASES)) if phase not in PHASES
                  else _("unknown language '{language}' (known: {known})").format(
                      language=language, known=", ".join(LANGUAGES))
                  if language not in LANGUAGES else _problem(phrase))
        if reason is not None:
            book.problems.append(f"{where}: {reason}")
            continue
        key = f"{phase}.{name}"
        book.phrases.setdefault(key, Phrase(phase, name)).texts[language] = phrase


def load(files: list[Path]) -> Phrasebook:
    """The phrasebook of `files`, later ones overriding earlier ones; a missing file is
    skipped, an unreadable one is one problem."""
    book = Phrasebook()
    for path in files:
        if not path.exists():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            book.problems.append(_("{where}: cannot be read: {why}").format(
                where=path, why=exc.__class__.__name__))
            continue
        read_into(book, text, str(path))
    return book


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with its {variables} filled in; one without a value stays visible as …"""
    return PLACEHOLDER.sub(lambda found: values.get(found[1]) or "…", text)
