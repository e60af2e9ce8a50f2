"""What the outbound workspace shows, as rich Text built from untrusted parts (contact names,
list columns, script texts are never markup; backends/sanitize.py cleans each part): the head
line, the contact and their history, the script step with its answers, the outcomes."""

from __future__ import annotations

from rich.text import Text

from backends.i18n import _, ngettext
from backends.sanitize import clean, clean_line
from backends.scripts.definition import Ask, in_language
from backends.scripts.runner import answer_label as label
from screens.campaigns.labels import mode_label
from screens.campaigns.outbound_desk import OutboundDesk
from screens.common.render import local_time, pretty_phone

FIELDS_SHOWN = 4  # contact columns on the contact line


def _line(*parts: tuple[str, str]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for words, style in parts:
        text.append(clean_line(words), style)
    return text


def head(desk: OutboundDesk, wrapping: bool) -> Text:
    campaign = desk.campaign
    if wrapping:
        doing = _("wrap-up")
    elif desk.call_id is not None:
        doing = _("hung up") if desk.hung_up else _("on the call")
    elif desk.contact is not None:
        doing = _("preview")
    else:
        doing = _("free")
    return _line((campaign.name, "bold"), (f"  {mode_label(campaign.dial_mode)}  ", "dim"),
                 (doing, "reverse"))


def contact(desk: OutboundDesk) -> Text:
    found = desk.contact
    if found is None:
        return Text(_("No contact in hand (F5: the next one)"), style="dim")
    text = Text()
    text.append(clean_line(found.name or pretty_phone(found.phone), 60), "bold")
    text.append(f"  {pretty_phone(found.phone)}  ")
    text.append(clean_line(desk.language), "dim")
    extra = [f"{clean_line(k, 20)}: {clean_line(v, 40)}"
             for k, v in list(found.fields.items())[:FIELDS_SHOWN]]
    if extra:
        text.append("\n" + "  ".join(extra), "italic")
    history = desk.history
    text.append("\n")
    text.append(ngettext("{n} attempt", "{n} attempts", history.attempts).format(
        n=history.attempts))
    if history.last_outcome:
        text.append(_(", last: {outcome}").format(outcome=clean_line(history.last_outcome)))
    for earlier in history.answers[:2]:
        script = desk.script
        given = ", ".join(f"{a.step}={label(script, a.step, a.value, earlier.language)}"
                          if script is not None else f"{a.step}={a.value}"
                          for a in earlier.answers)
        text.append("\n" + clean_line(f"{local_time(earlier.recorded_at)}  {given}", 200),
                    "dim")
    return text


def script(desk: OutboundDesk) -> Text:
    run = desk.run
    if run is None:
        return Text(_("No script for this campaign") if desk.script is None
                    and desk.contact is not None else "", style="dim")
    text = Text()
    title = in_language(run.script.title, run.language)
    where = len(run.path) + 1
    text.append(clean_line(f"{title} · {where} · {run.current}"), "dim")
    text.append("\n")
    text.append(clean(run.text()))
    step = run.step
    given = run.answers.get(run.current)
    if step.ask in (Ask.CHOICE, Ask.YES_NO):
        for key, label in run.choices():
            value = (step.choices[int(key) - 1].value if step.ask is Ask.CHOICE
                     else "yes" if key == "1" else "no")
            picked = given == value
            text.append(f"\n {key} ", "reverse bold" if picked else "bold")
            text.append(" " + clean_line(label, 70), "bold" if picked else "")
    elif given is not None:
        text.append("\n" + _("answer: {value}").format(
            value=clean_line(run.label(run.current, given))), "bold")
    if run.finished:
        text.append("\n" + _("— end of the script (F8: wrap up) —"), "dim")
    elif run.left_at is not None:
        text.append("\n" + _("— script left at {step} (F8: wrap up) —").format(
            step=run.left_at), "dim")
    elif desk.call_id is None:
        text.append("\n" + _("— F6 dials —"), "dim")
    return text


def outcomes(desk: OutboundDesk) -> Text:
    suggested = desk.suggested_outcome()
    text = Text(_("Outcome:"), style="bold")
    for number, outcome in enumerate(desk.campaign.outcomes[:9], 1):
        mark = outcome.code == suggested
        text.append(f"\n {number} ", "reverse bold" if mark else "bold")
        text.append(" " + clean_line(_(outcome.label), 60))  # the defaults are N_()
        if mark:
            text.append("  " + _("(Enter: set by the script)"), "dim")
    return text


def typed_hint(desk: OutboundDesk) -> str:
    run = desk.run
    if run is None:
        return ""
    step = run.step
    if step.ask is Ask.NUMBER:
        low = "" if step.minimum is None else f"{step.minimum:g}"
        high = "" if step.maximum is None else f"{step.maximum:g}"
        return _("a number {low}…{high}, then Enter").format(low=low, high=high)
    if step.ask is Ask.DATE:
        return _("a date (YYYY-MM-DD or DD/MM/YYYY), then Enter")
    return _("type the answer, then Enter") if step.required else _(
        "type the answer (optional), then Enter")
