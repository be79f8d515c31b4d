"""A program's days: dates that are rules (deadlines, windows, expiry) are days in the program's
time zone (`Program.time_zone`, the site's `TIME_ZONE` by default; RULINGS), wherever the server
or the person is. One place for "today" and "the day a moment was" for a program."""

import zoneinfo
from datetime import date, datetime
from typing import Any

from django.utils import timezone


def program_zone(program: Any) -> zoneinfo.ZoneInfo:
    """The program's time zone (or the zone named, for a kept page that knows only its name);
    the site's when there is none or it is unknown here."""
    name = program if isinstance(program, str) else getattr(program, "time_zone", "")
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def program_today(program: Any) -> date:
    """Today in the program's time zone."""
    return timezone.localdate(timezone=program_zone(program))


def program_day(moment: datetime, program: Any) -> date:
    """The day `moment` (aware) is in the program's time zone."""
    return timezone.localtime(moment, program_zone(program)).date()
