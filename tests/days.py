"""Days a test means, named at import and worked out when the test runs.

A parameter list or a module-level dict is built when pytest collects the module; a date put in
it then is the day of collection, and a run that crosses the site's midnight before the test runs
tests a stale day (docs/testing.md, "The clock"). Name the day instead (`InDays(1)` is
tomorrow) and let the test work it out with `dated(...)`."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class InDays:
    """The site's day `days` from the day the test runs (negative: before it)."""

    days: int

    def date(self) -> date:
        return timezone.localdate() + timedelta(days=self.days)


TODAY = InDays(0)
TOMORROW = InDays(1)
YESTERDAY = InDays(-1)


def dated(value: Any, *, iso: bool = False) -> Any:
    """`value` with every `InDays` in it (in dicts, lists and tuples) replaced by its date, as an
    ISO string when `iso`."""
    if isinstance(value, InDays):
        day = value.date()
        return day.isoformat() if iso else day
    if isinstance(value, dict):
        return {k: dated(v, iso=iso) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(dated(v, iso=iso) for v in value)
    return value
