"""The certificate's dates, computed and shown in one place.

A certificate issued on a day is valid through the same calendar day `validity_years` later;
one issued on 29 February expires on 28 February (the rule `applications.api.add_years` uses for
every yearly window). Its days are days in the program's time zone (`Program.time_zone`, the
site's `TIME_ZONE` by default): the signed credential's `validUntil` is the end of its last day
there, "expired" starts at the next midnight there, and every surface that shows a moment of a
certificate (the page, the API, the PDF, the credential check) shows the day it is there.
"""

import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from certify.applications.api import add_years

DAY_FORMAT = "F j, Y"  # May 31, 2031: how every certificate date is written


def expiry_date(*, issued_on: date, validity_years: int) -> date:
    return add_years(issued_on, validity_years)


def program_zone(program: Any) -> zoneinfo.ZoneInfo:
    """The program's time zone (or the zone named, for a kept page that knows only its name);
    the site's when there is none or it is unknown here."""
    name = program if isinstance(program, str) else getattr(program, "time_zone", "")
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def today(program: Any) -> date:
    """Today in the program's time zone."""
    return timezone.localdate(timezone=program_zone(program))


def local_day(moment: datetime, program: Any) -> date:
    """The day `moment` (aware) is in the program's time zone."""
    return timezone.localtime(moment, program_zone(program)).date()


def day_text(day: date | None) -> str:
    """A day as certificates write it: "31 May 2031"."""
    return date_format(day, DAY_FORMAT) if day else ""


def moment_text(moment: datetime, program: Any) -> str:
    """A moment with its time, in the program's time zone: "31 May 2031, 14:05 CDT"."""
    return date_format(timezone.localtime(moment, program_zone(program)), "F j, Y, H:i T")


def valid_until(expires_on: date, program: Any = None) -> datetime:
    """The last second of `expires_on` in the program's time zone (aware)."""
    next_day = datetime.combine(expires_on + timedelta(days=1), time.min)
    return timezone.make_aware(next_day, program_zone(program)) - timedelta(seconds=1)
