"""Which time zone a page that serves every program shows its days and times in (RULINGS: dates
are shown in the program's time zone; the site's `TIME_ZONE` is the default).

Core imports no app: the programs app registers the function that lists each program's short
name and time zone (`program_zones_lookup`). A page over every program then uses the programs'
zone when they all share one, and otherwise the site's, and says which (`Zone.words`); a person
may choose another program's zone where the page offers it (`zone_choices`).
"""

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

__all__ = ["Zone", "program_zones", "program_zones_lookup", "zone_choices", "zone_for_all"]

_lookup: list[Callable[[], list[tuple[str, str]]]] = []


def program_zones_lookup(function: Callable[[], list[tuple[str, str]]]) -> None:
    """Register the function listing (program short name, time zone name) for every program."""
    _lookup[:] = [function]


def program_zones() -> list[tuple[str, str]]:
    """(short name, zone name) of every program; none when no app registered the lookup."""
    return _lookup[0]() if _lookup else []


@dataclass(frozen=True)
class Zone:
    """A time zone and what it is to the reader: "the program's", "the site's"."""

    name: str
    whose: str  # "LSSCP's", "every program's", "the site's"

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.name)

    @property
    def words(self) -> str:
        """ "America/Chicago, the site's time zone"."""
        return f"{self.name}, {self.whose} time zone"


SITES = "the site's"  # `Zone.whose` of the site's zone, when the programs do not share one


def _site() -> str:
    return timezone.get_default_timezone_name()


def _known(name: str) -> str:
    """`name` when this machine knows the zone, else the site's (as `programs.days` does)."""
    try:
        return zoneinfo.ZoneInfo(name).key if name else _site()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return _site()


def _by_zone(programs: list[tuple[str, str]]) -> dict[str, list[str]]:
    zones: dict[str, list[str]] = {}
    for short_name, name in programs:
        zones.setdefault(_known(name), []).append(short_name)
    return zones


def _whose(names: list[str], every: bool) -> str:
    """ "LSSCP's", "LSSCP's and RMT's", or "every program's" when every program shares it."""
    if every and len(names) > 1:
        return "every program's"
    owners = [f"{name}'s" for name in names]
    return owners[0] if len(owners) == 1 else ", ".join(owners[:-1]) + " and " + owners[-1]


def zone_choices(programs: list[tuple[str, str]] | None = None) -> list[Zone]:
    """Each zone a program uses (named by its programs), then the site's when no program uses
    it: what a page over every program may show its times in."""
    programs = program_zones() if programs is None else programs
    zones = _by_zone(programs)
    every = len(zones) == 1
    choices = [Zone(name, _whose(names, every)) for name, names in zones.items()]
    if _site() not in zones:
        choices.append(Zone(_site(), SITES))
    return choices


def zone_for_all(programs: list[tuple[str, str]] | None = None) -> Zone:
    """The zone of a page over every program: the programs' own when they all share one, else
    the site's (said so: "the site's time zone")."""
    programs = program_zones() if programs is None else programs
    zones = _by_zone(programs)
    if len(zones) == 1:
        name, names = next(iter(zones.items()))
        return Zone(name, _whose(names, True))
    return Zone(_site(), SITES)
