"""The plan page kept per process by the versions of the data it shows (ADR 0071).

A candidate's plan is made from rows about her (the application, the plan's rows, the invoice)
and rows every plan shares (the program, its framework version and competency sets). Triggers
give her a new data version whenever a row about her changes, and key 0 a new one whenever a
shared row does (`certify/core/data_versions.py`); both versions come with her own row, read at
the start of every signed-in request. A plan rendered for the same person, the same two
versions, the same page (with or without the program in the address), language, time zone and
addresses is the same plan: it is given again without reading a row. The one input that changes
without a write is the clock ("3 months left", or that the deadline has passed in the program's
time zone, ADR 0073): the deadline is kept with the content and its text worked out again; a
different text renders the plan afresh.

Kept only for a GET outside any transaction the code opened (what a transaction read may roll
back), and only what a plain view of the plan shows (not a refused choice of electives).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.template.defaultfilters import timeuntil_filter

from certify.accounts.api import versions_key
from certify.core.bounded import Bounded
from certify.core.content_memo import surroundings
from certify.programs.api import program_today

PASSED = "passed"  # the "time left" once the deadline day is over in the program's time zone


@dataclass(frozen=True)
class KeptPlan:
    content: bytes  # with the CSRF placeholder (content_memo.with_token)
    deadline: date | None
    deadline_left: str
    zone: str = ""  # the program's time zone, in which the deadline day ends

    def __len__(self) -> int:
        return len(self.content)


_kept: Bounded[KeptPlan] = Bounded(max_entries=4096, max_size=64_000_000)


def time_left(deadline: date | None, zone: str = "") -> str:
    """The "time left" text of the plan (it changes with the clock, so it is worked out on each
    request and is part of what the kept plan is compared with): `PASSED` from the day after the
    deadline in the program's time zone `zone` (the deadline day itself still counts)."""
    if not deadline:
        return ""
    if program_today(zone) > deadline:
        return PASSED
    return timeuntil_filter(deadline)


def key_for(request: HttpRequest, slug: str | None) -> tuple[Any, ...] | None:
    """The kept plan's key for this request (None when it may not be kept)."""
    return versions_key(request, slug, surroundings())


def kept(key: tuple[Any, ...] | None) -> KeptPlan | None:
    """The plan kept under `key`, if its time-left text still reads the same."""
    found = _kept.get(key) if key is not None else None
    if found is None or time_left(found.deadline, found.zone) != found.deadline_left:
        return None
    return found


def keep(key: tuple[Any, ...] | None, plan: KeptPlan) -> None:
    if key is not None:
        _kept.put(key, plan)


def forget_all() -> None:
    _kept.clear()
