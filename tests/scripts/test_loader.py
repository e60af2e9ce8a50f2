"""Call-script files: the shipped ones load; a bad file is refused whole, naming the file,
the step and the reason (unknown step, unreachable step, missing translation, unknown
variable, a question without its answers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.scripts.loader import ScriptError, load_file, load_folders, parse

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "scripts"


def text(en: str = "Hello {first_name}", **override: str) -> str:
    values = {"en": en, "it": "Ciao", "hu": "Szia", "ro": "Salut", **override}
    return "{ " + ", ".join(f'{k} = "{v}"' for k, v in values.items() if v) + " }"


def script(steps: str, start: str = "hello", extra: str = "") -> str:
    return (f'id = "demo"\ncampaign = "Demo"\nstart = "{start}"\n{extra}\n'
            f"title = {text('Demo')}\n{steps}")


GOOD = f"""
[[steps]]
id = "hello"
ask = "yes_no"
yes = "bye"
no = "bye"
text = {text()}

[[steps]]
id = "bye"
text = {text("Bye")}
"""


def test_the_shipped_scripts_load_in_four_languages() -> None:
    found = load_folders([SHIPPED])
    assert set(found) == {"Satisfaction survey", "Fibre offer"}
    for loaded in found.values():
        for step in loaded.steps:
            assert set(step.text) == {"en", "it", "hu", "ro"}


def test_a_good_script_loads() -> None:
    loaded = parse("demo.toml", script(GOOD))
    assert [s.id for s in loaded.steps] == ["hello", "bye"]
    assert loaded.step("bye").final


@pytest.mark.parametrize(("body", "step", "reason"), [
    (GOOD.replace('yes = "bye"', 'yes = "nowhere"'), "hello", "unknown step 'nowhere'"),
    (GOOD + f'\n[[steps]]\nid = "lost"\ntext = {text()}\n', "lost", "unreachable step"),
    (GOOD.replace(text("Bye"), text("Bye", hu="")), "bye", "missing translation 'hu'"),
    (GOOD.replace(text("Bye"), text("Bye {product}")), "bye", "unknown variable '{product}'"),
    (GOOD.replace('ask = "yes_no"', 'ask = "choice"'), "hello",
     "a choice question needs its choices"),
    (GOOD.replace('ask = "yes_no"', 'ask = "guess"'), "hello", "ask"),
    (GOOD.replace('id = "bye"', 'id = "hello"'), "hello", "the step appears twice"),
])
def test_a_bad_script_is_refused_with_file_step_and_reason(body: str, step: str,
                                                           reason: str) -> None:
    with pytest.raises(ScriptError) as refused:
        parse("demo.toml", script(body))
    assert (refused.value.file, refused.value.step) == ("demo.toml", step)
    assert reason in refused.value.reason
    assert f"demo.toml [{step}]" in str(refused.value)


def test_a_contact_column_listed_in_fields_is_a_known_variable() -> None:
    body = GOOD.replace(text("Bye"), text("Bye {product}"))
    loaded = parse("demo.toml", script(body, extra='fields = ["product"]'))
    assert "product" in loaded.variables()


def test_an_unknown_start_and_bad_toml_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match=r"unknown step \(the start\)"):
        parse("demo.toml", script(GOOD, start="nope"))
    bad = tmp_path / "broken.toml"
    bad.write_text("id = [", encoding="utf-8")
    with pytest.raises(ScriptError) as refused:
        load_file(bad)
    assert refused.value.file == "broken.toml" and "not valid TOML" in refused.value.reason
