"""The certificate's dates, computed and shown in one place.

A certificate issued on a day is valid through the same calendar day `validity_years` later;
one issued on 29 February expires on 28 February (the rule `applications.api.add_years` uses for
every yearly window). Its days are days in the program's time zone (`Program.time_zone`, the
site's `TIME_ZONE` by default): the signed credential's `validUntil` is the end of its last day
there, "expired" starts at the next midnight there, and every surface that shows a moment of a
certificate (the page, the API, the PDF, the credential check) shows the day it is there.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from certify.applications.api import add_years
from certify.programs.api import program_day, program_today, program_zone

DAY_FORMAT = "DATE_FORMAT"  # May 31, 2031: the site's day (certify/formats)


def expiry_date(*, issued_on: date, validity_years: int) -> date:
    return add_years(issued_on, validity_years)


# The program's days are the programs app's (`programs.days`), named here as certificates know them.
today = program_today
local_day = program_day


def day_text(day: date | None) -> str:
    """A day as certificates write it: "May 31, 2031"."""
    return date_format(day, DAY_FORMAT) if day else ""


def moment_text(moment: datetime, program: Any) -> str:
    """A moment with its time, in the program's time zone: "May 31, 2031, 2:05 p.m. CDT"."""
    return date_format(timezone.localtime(moment, program_zone(program)), "DATETIME_FORMAT")


def valid_until(expires_on: date, program: Any = None) -> datetime:
    """The last second of `expires_on` in the program's time zone (aware)."""
    next_day = datetime.combine(expires_on + timedelta(days=1), time.min)
    return timezone.make_aware(next_day, program_zone(program)) - timedelta(seconds=1)
