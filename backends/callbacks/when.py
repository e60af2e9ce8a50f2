"""What an operator types for a callback's time, read in the operator's time zone, and the
customer's local time for a number (docs/ARCHITECTURE.md, the callbacks domain).

Understood (case does not matter; the day words in English, Italian, Hungarian and Romanian):

- `+2h`, `+30m`, `+1d`, `+1h30m`, `+45` (minutes): that long from now;
- `16:30`, `16.30`, `16`: today at that time, or tomorrow when it has passed;
- `tomorrow 10`, `domani 10:30`, `holnap 9`, `mâine 14`, `today 17`, `oggi 17`, …: that day;
- `2026-12-24 10:00`, `24/12 10`, `24.12 10:30`: that date (this year, or next when passed).

A wall-clock time is taken on the operator's calendar, so `tomorrow 10` is 10:00 local even
across a daylight-saving change; a time that does not exist (skipped by the change) moves on
by the gap. `+2h` is elapsed time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backends.errors import Invalid
from backends.i18n import _, weekday_time

MAX_TEXT = 40
_DAY_WORDS: dict[str, int] = {
    **dict.fromkeys(("today", "oggi", "ma", "ma.", "azi", "astazi", "astăzi"), 0),
    **dict.fromkeys(("tomorrow", "tmr", "domani", "holnap", "maine", "mâine"), 1),
    **dict.fromkeys(("dopodomani", "holnapután", "holnaputan", "poimaine", "poimâine"), 2),
}
_RELATIVE = re.compile(r"^\+\s*(?:(\d{1,3})\s*d)?\s*(?:(\d{1,4})\s*h)?\s*(?:(\d{1,5})\s*m?)?$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[/.](\d{1,2})\.?$")


def zone(name: str) -> tzinfo:
    """The IANA zone `name` ("Europe/Rome"); Invalid (field timezone) when unknown."""
    try:
        return _zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid("timezone", _("'{name}' is not a time zone such as Europe/Rome").format(
            name=name[:60])) from None


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _bad(text: str) -> Invalid:
    return Invalid("when", _("'{text}' is not a time: write +2h, 16:30, tomorrow 10 or "
                             "24/12 10:00").format(text=text[:MAX_TEXT]))


def _clock(text: str, original: str) -> tuple[int, int]:
    match = _CLOCK.match(text)
    if match is None:
        raise _bad(original)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise Invalid("when", _("{hour}:{minute:02d} is not a time of day").format(
            hour=hour, minute=minute))
    return hour, minute


def _wall(day: date, hour: int, minute: int, where: tzinfo) -> datetime:
    """The instant the operator's clock shows `day hour:minute` (moved on past a DST gap)."""
    naive = datetime(day.year, day.month, day.day, hour, minute)
    local = naive.replace(tzinfo=where)
    return local.astimezone(UTC).astimezone(where)


def _date(text: str, today: date, original: str) -> date | None:
    """A date word or a date; None when `text` is not one."""
    word = text.lower()
    if word in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[word])
    try:
        if (match := _ISO_DATE.match(text)) is not None:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if (match := _DAY_MONTH.match(text)) is not None:
            day = date(today.year, int(match.group(2)), int(match.group(1)))
            return day if day >= today else date(today.year + 1, day.month, day.day)
    except ValueError:
        raise Invalid("when", _("'{text}' is not a date").format(text=text[:MAX_TEXT])) from None
    if text[:1].isalpha():
        raise _bad(original)
    return None


def parse_when(text: str, now: datetime) -> datetime:
    """The instant `text` names, read on the calendar of `now`'s time zone (`now` is aware)."""
    original = text
    text = " ".join(text.strip().split())
    if not text or len(text) > MAX_TEXT:
        raise _bad(original)
    if text.startswith("+"):
        match = _RELATIVE.match(text.lower())
        if match is None or not any(match.groups()):
            raise _bad(original)
        days, hours, minutes = (int(g or 0) for g in match.groups())
        delta = timedelta(days=days, hours=hours, minutes=minutes)
        if delta <= timedelta(0) or delta > timedelta(days=366):
            raise Invalid("when", _("give a time between a minute and a year from now"))
        return (now.astimezone(UTC) + delta).astimezone(now.tzinfo)
    where = now.tzinfo
    assert where is not None, "now must be aware"
    today = now.date()
    parts = text.split(" ")
    if len(parts) == 1:
        day_of = _date(parts[0], today, original) if not _CLOCK.match(parts[0]) else None
        if day_of is not None:
            raise Invalid("when", _("say the hour too, as in tomorrow 10"))
        hour, minute = _clock(parts[0], original)
        at = _wall(today, hour, minute, where)
        return at if at > now else _wall(today + timedelta(days=1), hour, minute, where)
    if len(parts) == 2:
        day = _date(parts[0], today, original)
        if day is None:
            raise _bad(original)
        return _wall(day, *_clock(parts[1], original), where)
    raise _bad(original)


def zone_of_number(e164: str) -> tzinfo | None:
    """The time zone of a phone number's area (phonenumbers' geographic data): the first one
    listed when the area spans several, None when unknown."""
    import phonenumbers
    from phonenumbers import timezone as number_zones

    try:
        names = number_zones.time_zones_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None
    for name in names:
        if name != "Etc/Unknown":
            try:
                return _zone(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def local_label(at: datetime, where: tzinfo | None) -> str:
    """`at` as a wall-clock time in `where` with its abbreviation, the weekday in the
    operator's language: "Mon 10:00 CET", "lun 10:00 CET", "H 10:00 CET"."""
    if where is None:
        return ""
    local = at.astimezone(where)
    return f"{weekday_time(local)} {local.tzname() or ''}".strip()


def operator_zone(name: str = "") -> tzinfo:
    """The operator's time zone: `name` (the `timezone` setting) when given, else the TZ
    variable, else the system's (/etc/localtime), else UTC."""
    import os
    from pathlib import Path

    if name:
        return zone(name)
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        candidates.append(target.partition("/zoneinfo/")[2])
    except OSError:
        pass
    for candidate in candidates:
        if candidate:
            try:
                return _zone(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return UTC
