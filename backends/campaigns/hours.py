"""When a contact may be called (docs/ARCHITECTURE.md): inside the campaign's hours and days,
between its active dates, in the contact's local time (the time zones of the number, from
`phonenumbers`: every zone a number may be in must be inside the hours), and never on a public
holiday of the number's country (library `holidays`) unless the campaign allows business
numbers on holidays and the contact is one. A number with no known time zone is not called."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backends.campaigns.models import Campaign, Contact
from backends.i18n import _
from backends.phone_fast import time_zones


@lru_cache(maxsize=65536)
def place_of(e164: str) -> tuple[str, tuple[str, ...]]:
    """(country code, time zone names) of a number; names empty when unknown."""
    fast = time_zones(e164)  # the same answer, without parsing (~10x sooner)
    if fast is not None:
        return fast
    import phonenumbers
    from phonenumbers import timezone

    number = phonenumbers.parse(e164, None)
    zones = tuple(z for z in timezone.time_zones_for_number(number) if z != "Etc/Unknown")
    return phonenumbers.region_code_for_number(number) or "", zones


@lru_cache(maxsize=512)
def _holidays(country: str, year: int) -> frozenset[date]:
    import holidays

    try:
        return frozenset(holidays.country_holidays(country, years=year).keys())
    except NotImplementedError:  # a country the library does not know: no holidays known
        return frozenset()


def is_holiday(country: str, day: date) -> bool:
    return bool(country) and day in _holidays(country, day.year)


def why_not_now(campaign: Campaign, contact: Contact, now: datetime) -> str | None:
    """None when the contact may be called at `now` (aware), else the reason, for a person."""
    country, zones = place_of(contact.phone)
    if not zones:
        return _("the number's time zone is not known")
    for name in zones:
        try:
            local = now.astimezone(ZoneInfo(name))
        except ZoneInfoNotFoundError:
            return _("the number's time zone is not known")
        if campaign.starts_on and local.date() < campaign.starts_on:
            return _("the campaign has not started")
        if campaign.ends_on and local.date() > campaign.ends_on:
            return _("the campaign has ended")
        if local.weekday() not in campaign.weekdays:
            return _("not a calling day")
        if not campaign.hours_start <= local.time() < campaign.hours_end:
            return _("outside calling hours in the contact's local time")
        if is_holiday(country, local.date()) and not (
                campaign.business_override and contact.business):
            return _("a public holiday in the contact's country")
    return None
