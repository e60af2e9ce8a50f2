"""Opening hours and public holidays of directory entries (departments and queues, and the
working hours of people): the parser of the `hours` text and the rule "is it open now" (is
this person at work now), one for every store (docs/ARCHITECTURE.md).

The text is clauses separated by ";", each days then one or more time ranges:
`mon-fri 09:00-13:00 14:00-18:00; sat 09:00-12:00`. Days are mon … sun, a range (`mon-fri`) or a
list (`mon,wed`). Empty text: always open. Public holidays come from the `holidays` library for
the entry's country (ISO 3166 code, optionally with a subdivision: `IT`, `IT-BZ`); the hours are
read in the entry's IANA time zone (UTC when unset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backends.i18n import _

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Span:
    days: frozenset[int]  # 0 = Monday
    start: time
    end: time  # exclusive; time.max stands for 24:00


def _day(token: str, clause: str) -> int:
    try:
        return DAYS.index(token.lower()[:3])
    except ValueError:
        raise ValueError(_("'{token}' in '{clause}' is not a day (mon, tue, … sun)").format(
            token=token, clause=clause)) from None


def _days(text: str, clause: str) -> frozenset[int]:
    found: set[int] = set()
    for part in text.split(","):
        first, _sep, last = part.partition("-")
        start = _day(first, clause)
        end = _day(last, clause) if last else start
        found.update(range(start, end + 1) if start <= end else [*range(start, 7),
                                                                   *range(0, end + 1)])
    return frozenset(found)


def _clock(hours: str, minutes: str, clause: str) -> time:
    h, m = int(hours), int(minutes)
    if h == 24 and m == 0:
        return time.max
    if h > 23 or m > 59:
        raise ValueError(_("'{hh}:{mm}' in '{clause}' is not a time of day").format(
            hh=hours, mm=minutes, clause=clause))
    return time(h, m)


def parse_hours(text: str) -> list[Span]:
    """The spans of `text`; ValueError naming the clause that is wrong."""
    spans: list[Span] = []
    for clause in (c.strip() for c in text.split(";")):
        if not clause:
            continue
        words = clause.split()
        if len(words) < 2:
            raise ValueError(_("'{clause}' needs days and at least one time range, e.g. "
                               "'mon-fri 09:00-18:00'").format(clause=clause))
        days = _days(words[0], clause)
        for word in words[1:]:
            match = _RANGE.match(word)
            if match is None:
                raise ValueError(_("'{word}' in '{clause}' is not a time range such as "
                                   "09:00-13:00").format(word=word, clause=clause))
            start = _clock(match[1], match[2], clause)
            end = _clock(match[3], match[4], clause)
            if end <= start:
                raise ValueError(_("'{word}' in '{clause}' ends before it starts").format(
                    word=word, clause=clause))
            spans.append(Span(days, start, end))
    return spans


def check_country(code: str | None) -> str | None:
    code = (code or "").strip().upper() or None
    if code is not None:
        _calendar(code)  # ValueError when unknown
    return code


def check_zone(name: str | None) -> str | None:
    name = (name or "").strip() or None
    if name is not None:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(_("'{zone}' is not a time zone (e.g. Europe/Rome)").format(
                zone=name)) from None
    return name


@lru_cache(maxsize=32)
def _calendar(code: str) -> Any:
    """The `holidays` library's calendar of `code` (imported here: it costs ~0.15 s, which
    the console's start-up must not pay; only entries with holidays look it up)."""
    import holidays as holiday_calendars

    country, _sep, subdivision = code.partition("-")
    try:
        return holiday_calendars.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        raise ValueError(_("'{code}' is not a country whose holidays are known (e.g. IT, HU, "
                           "RO, GB)").format(code=code)) from None


def _closure(hours: str, country: str | None, zone: str | None,
             now: datetime) -> tuple[str, str] | None:
    """("holiday", its name) or ("hours", the hours) when closed at `now`; None when open."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    local = now.astimezone(ZoneInfo(zone) if zone else UTC)
    if country:
        holiday = _calendar(country).get(local.date())
        if holiday:
            return "holiday", str(holiday)
    spans = parse_hours(hours)
    if not spans:
        return None
    clock = local.time().replace(tzinfo=None)
    for span in spans:
        if local.weekday() in span.days and span.start <= clock < span.end:
            return None
    return "hours", hours.strip()


def closed_reason(hours: str, country: str | None, zone: str | None,
                  now: datetime) -> str | None:
    """Why a department or queue with these hours is closed at `now` (aware, or naive UTC);
    None when open."""
    closure = _closure(hours, country, zone, now)
    if closure is None:
        return None
    if closure[0] == "holiday":
        return _("closed for a public holiday ({name})").format(name=closure[1])
    return _("closed now (opening hours: {hours})").format(hours=closure[1])


def off_work_reason(hours: str, country: str | None, zone: str | None,
                    now: datetime) -> str | None:
    """Why a person with these working hours is not at work at `now`; None when they are.
    The same hours and holidays as a department's, in a person's words."""
    closure = _closure(hours, country, zone, now)
    if closure is None:
        return None
    if closure[0] == "holiday":
        return _("off for a public holiday ({name})").format(name=closure[1])
    return _("not at work now (working hours: {hours})").format(hours=closure[1])
