"""A fund's last day as the moment it ends, in the time zone of the program whose fees the fund
pays (the day its window is judged on: `selectors.fund_today`), so an applicant in another zone
reads when applications really close: `{{ fund.closes_on|day_ends:zone|date:"P T" }}` →
"11:59 p.m. CST"."""

from datetime import date, datetime, time
from typing import Any

from django import template
from django.templatetags.tz import do_timezone

register = template.Library()


@register.filter
def day_ends(day: date | None, zone: Any) -> datetime | str:
    """The last minute of `day` in `zone` (a `ZoneInfo`), kept in that zone when `date` formats
    it (as Django's `timezone` filter does); an empty value stays empty."""
    if not isinstance(day, date) or zone is None:
        return ""
    return do_timezone(datetime.combine(day, time(23, 59), tzinfo=zone), zone)
