"""A moment as it is in a program's time zone (RULINGS: dates are shown in the program's time
zone), for a page that shows rows of more than one program or has no `zone` of its own:
`{{ t.created_at|program_time:course.program|date:"DATETIME_FORMAT" }}` (its "T" names the zone).

Like Django's `timezone` filter, the moment it returns is not moved to the page's zone again by
`date`; an empty value stays empty (`|default:"—"` still works)."""

from datetime import datetime
from typing import Any

from django import template
from django.templatetags.tz import do_timezone

from certify.programs.days import program_zone

register = template.Library()


@register.filter
def program_time(moment: datetime | None, program: Any) -> datetime | str:
    """`moment` (aware) in the time zone of `program` (a program or a zone's name)."""
    if not isinstance(moment, datetime):
        return moment or ""
    return do_timezone(moment, program_zone(program))
