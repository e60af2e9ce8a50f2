"""Issue 16, item 5: no string a person reads bypasses the catalogs. Two nets for the class of
mistake: an English literal handed straight to a widget, a notification or the CLI's output
(read from the sources), and a key label that is translated when shown but was never marked
for the catalogs, so every language showed it in English (read from the live bindings of
every screen: the outbound screen's "Dial" and the switchboard's "Slot 1" were such)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding

import screens
from screens.common.keys import KeySpec
from tests.i18n import catalog_tool

ROOT = Path(__file__).resolve().parents[2]
# a widget or an output whose first argument is read by a person
SHOWN_FIRST = {"notify", "Label", "Static", "Button", "Checkbox", "RadioButton", "Option",
               "TabPane", "Collapsible", "echo", "secho", "Text", "Content", "_say", "_warn",
               "status", "say", "set_status"}
SHOWN_KEYWORDS = {"title", "placeholder", "tooltip", "sub_title", "message"}
KEY_NAMES = {"Enter", "Tab", "Esc"}  # printed on the keyboard: the help screen names them so
WORDS = re.compile(r"[A-Za-z]{2,}")


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string's own words
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant)
                       and isinstance(v.value, str))
    return None


def literal_english(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = (node.func.attr if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", ""))
        shown = [node.args[0]] if name in SHOWN_FIRST and node.args else []
        if name == "Binding" and len(node.args) > 2:
            shown.append(node.args[2])  # its description
        if name in SHOWN_FIRST or name in ("Binding", "Input", "DataTable"):
            shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS
                      or (name == "Binding" and k.arg == "description")]
        for arg in shown:
            text = _literal(arg)
            if text and WORDS.search(text) and text.strip() not in KEY_NAMES:
                found.append((node.lineno, text))
    return found


def test_no_widget_notification_or_output_gets_an_english_literal() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}"
             for folder in ("screens", "console")
             for path in sorted((ROOT / folder).rglob("*.py"))
             for line, text in literal_english(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_net_catches_a_literal() -> None:
    """The scan itself: each shape of the mistake is caught, the translated forms are not."""
    caught = literal_english(
        'self.notify("Saved")\nStatic(f"Hello {name}")\nBinding("f5", "go", "Answer")\n'
        'Input(placeholder="type here")\nclick.echo("done")\n')
    assert [text for _line, text in caught] == [
        "Saved", "Hello ", "Answer", "type here", "done"]
    assert literal_english('self.notify(_("Saved"))\nBinding("f5", "go", _("Answer"))\n'
                           'Text("Enter", style="bold")\n') == []


def _msgids() -> tuple[set[str], list[re.Pattern[str]]]:
    catalog = catalog_tool.load().extract_catalog()  # from the sources as they are now
    plain: set[str] = set()
    shaped: list[re.Pattern[str]] = []
    for message in catalog:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            if not msgid:
                continue
            plain.add(msgid)
            if "{" in msgid:  # "Slot {n}" is shown as "Slot 1"
                parts = re.split(r"\{[^{}]*\}", msgid)
                shaped.append(re.compile(".+".join(map(re.escape, parts)) + r"\Z", re.S))
    return plain, shaped


def _screen_bindings() -> list[tuple[str, str]]:
    """(where, description) of every binding declared by a class of screens/."""
    found = []
    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = importlib.import_module(info.name)
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []) or []:
                if isinstance(binding, Binding) and binding.description:
                    found.append((f"{info.name}.{cls_name}", binding.description))
        for name, value in vars(module).items():  # the key tables: labels and help lines
            if isinstance(value, tuple | list) and value and all(
                    isinstance(spec, KeySpec) for spec in value):
                found += [(f"{info.name}.{name}", text) for spec in value
                          for text in (spec.label, spec.help) if text]
    return found


def _translations() -> tuple[set[str], list[re.Pattern[str]]]:
    """What it, hu and ro say for the messages: a class first imported while a test ran in
    another language holds its labels translated already (so they were marked)."""
    tool = catalog_tool.load()
    plain: set[str] = set()
    shaped: list[re.Pattern[str]] = []
    for language in ("it", "hu", "ro"):
        for message in tool.read_catalog(language):
            strings = message.string if isinstance(message.string, tuple) else (
                message.string,)
            for text in strings:
                if text:
                    plain.add(text)
                    if "{" in text:
                        parts = re.split(r"\{[^{}]*\}", text)
                        shaped.append(re.compile(".+".join(map(re.escape, parts)) + r"\Z",
                                                 re.S))
    return plain, shaped


def test_every_key_label_of_every_screen_is_a_catalog_message() -> None:
    """Read with English active, a label is its msgid: one that is not in the catalogs can
    never be shown in another language."""
    plain, shaped = _msgids()
    translated, translated_shapes = _translations()
    plain |= translated
    shaped += translated_shapes
    bindings = _screen_bindings()
    assert len(bindings) > 50  # the screens were read
    unmarked = sorted({f"{where}: {text!r}" for where, text in bindings
                       if WORDS.search(text) and text not in plain
                       and not any(p.match(text) for p in shaped)})
    assert unmarked == []
