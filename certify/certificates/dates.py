"""The certificate's dates, computed in one place.

A certificate issued on a day is valid through the same calendar day `validity_years` later;
one issued on 29 February expires on 28 February (the rule `applications.api.add_years` uses for
every yearly window). The signed credential's `validUntil` is the end of that day in the site's
time zone.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from certify.applications.api import add_years


def expiry_date(*, issued_on: date, validity_years: int) -> date:
    return add_years(issued_on, validity_years)


def valid_until(expires_on: date) -> datetime:
    """The last second of `expires_on`, local time (aware)."""
    next_day = datetime.combine(expires_on + timedelta(days=1), time.min)
    return timezone.make_aware(next_day) - timedelta(seconds=1)
