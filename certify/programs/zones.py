"""A program's time zone: a name from the machine's time zone database."""

import functools
import zoneinfo

from django.core.exceptions import ValidationError


@functools.cache
def _time_zones() -> frozenset[str]:
    """The zone names this machine's time zone database holds. Read once per process: listing
    them opens each of the database's some six hundred files."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in _time_zones():
        raise ValidationError(
            f"“{value}” is not a time zone. Use a name like America/Chicago or Europe/Paris."
        )
