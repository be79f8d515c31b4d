"""A program's days: dates that are rules (deadlines, windows, expiry) are days in the program's
time zone (`Program.time_zone`, the site's `TIME_ZONE` by default; RULINGS), wherever the server
or the person is. One place for "today" and "the day a moment was" for a program.

Reads over many programs (the public register, a daily job) compare a date column with each
row's program's today: programs in different zones may be on different days at one moment (at
most three), so `on_program_days` groups them by day and writes one indexed comparison per day,
and `program_day_shift` moves a daily job's day (the site's) to a program's."""

import operator
import zoneinfo
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import reduce
from typing import Any

from django.db.models import Q
from django.utils import timezone

from certify.programs.models import Program


def program_zone(program: Any) -> zoneinfo.ZoneInfo:
    """The program's time zone (or the zone named, for a kept page that knows only its name);
    the site's when there is none or it is unknown here."""
    name = program if isinstance(program, str) else getattr(program, "time_zone", "")
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def program_zone_list() -> list[tuple[str, str]]:
    """(short name, time zone) of every program, in name order: what a page over every program
    shows its days in (`core.zones`, registered at start)."""
    rows = Program.objects.order_by("name").values_list("short_name", "name", "time_zone")
    return [(short or name, zone) for short, name, zone in rows]


def program_today(program: Any) -> date:
    """Today in the program's time zone."""
    return timezone.localdate(timezone=program_zone(program))


def program_day(moment: datetime, program: Any) -> date:
    """The day `moment` (aware) is in the program's time zone."""
    return timezone.localtime(moment, program_zone(program)).date()


def waited_since(days: int, zone: Any, *, now: datetime | None = None) -> datetime:
    """The first instant of the day `days - 1` calendar days before today in `zone` (a program
    or a zone's name): a moment before it has waited `days` calendar days or more there
    (submitted on the 1st, it has waited one day on the 2nd from midnight, whatever the hour).
    The staff queues' "waiting at least N days" filters count with it."""
    tz = program_zone(zone)
    today = timezone.localtime(now, tz).date() if now else program_today(zone)
    return datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=tz)


def days_waited(moment: datetime, zone: Any, *, now: datetime | None = None) -> int:
    """How many calendar days `moment` has waited in `zone` (a program or a zone's name): 0 on
    its own day, 1 from the next midnight there. The count `waited_since` filters by (a moment
    has waited at least N days exactly when it is before `waited_since(N, zone)`), so the staff
    home's "the oldest has waited N days" says what its queue's filter would."""
    tz = program_zone(zone)
    today = timezone.localtime(now, tz).date() if now else program_today(zone)
    return max(0, (today - timezone.localtime(moment, tz).date()).days)


def program_day_shift(program: Any, *, now: datetime | None = None) -> timedelta:
    """How far the program's day is from the site's at `now` (this moment by default): -1, 0 or
    +1 days. A daily job is given the site's day; the program's day then is that day plus this."""
    now = now or timezone.now()
    site = timezone.localtime(now, timezone.get_default_timezone()).date()
    return timedelta(days=(program_day(now, program) - site).days)


def programs_by_day(programs: Any, *, now: datetime | None = None) -> dict[date, list[int]]:
    """The ids of `programs` ((id, time zone) pairs) by the day each is on at `now`."""
    now = now or timezone.now()
    days: dict[date, list[int]] = defaultdict(list)
    for pk, zone in programs:
        days[program_day(now, zone or "")].append(pk)
    return dict(days)


def on_program_days(
    field: str, lookup: str = "gte", *, program_field: str = "program_id", programs: Any = None
) -> Q:
    """Rows whose `field` compares (`lookup`: gte, lt...) with today in their own program's time
    zone, as one condition. Programs on the same day share one term, `field` compared with that
    day and `program_field` among their ids; when every program is on the same day the condition
    is the plain comparison. One query reads the programs' zones (`programs`: (id, zone) pairs
    already at hand, to read none)."""
    if programs is None:
        programs = Program.objects.values_list("pk", "time_zone")
    days = programs_by_day(programs)
    if len(days) <= 1:
        day = next(iter(days), None) or timezone.localdate(timezone=program_zone(""))
        return Q(**{f"{field}__{lookup}": day})
    terms = [
        Q(**{f"{field}__{lookup}": day, f"{program_field}__in": ids})
        for day, ids in sorted(days.items())
    ]
    return reduce(operator.or_, terms)
