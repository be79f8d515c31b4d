"""The days a reviewer's own queue and home judge their reviews by (ADR 0036): a review is due
today on its due day in its program's time zone, and overdue once that day has ended there, as
the staff list and the reminders judge it (programs in different zones may be on different days
at one moment, at most three).

Each program's today is worked out before the queries, from the programs' zones: read once per
page, or, for a page kept by the versions of its data (ADR 0071), kept per process under the
shared version (every change to a program gives it a new one), so a kept page still reads
nothing more. The queries then take a date (`ReviewDays.single`, when every program is on the
same day: the usual case, and the one compiled once per process) or one condition with a term
per day (`overdue_q`)."""

import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from certify.accounts.api import data_versions_of
from certify.accounts.models import User
from certify.core.kept import may_keep_by_versions
from certify.programs.api import on_program_days, program_today
from certify.programs.models import Program

# The programs' (id, time zone) under the shared data version they were read at: the latest only.
_zones_kept: dict[int, tuple[tuple[int, str], ...]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)  # hashable: part of a kept page's key and of its rows' fragment key
class ReviewDays:
    days: tuple[tuple[int, date], ...]  # (program id, its today), by id
    zones: tuple[tuple[int, str], ...]  # (program id, time zone): for `overdue_q`

    def of(self, program_id: int) -> date:
        """The program's today (the site's for a program made since the zones were read)."""
        return dict(self.days).get(program_id) or timezone.localdate()

    @property
    def single(self) -> date | None:
        """The day every program is on, or None when they are on different days."""
        found = {day for _pk, day in self.days}
        if len(found) > 1:
            return None
        return next(iter(found), None) or timezone.localdate()

    def overdue_q(self, program_field: str) -> Q:
        """Rows whose `due_on` has ended in their program's zone (`program_field` names it)."""
        return on_program_days("due_on", "lt", program_field=program_field, programs=self.zones)


def _zones_read() -> tuple[tuple[int, str], ...]:
    return tuple(Program.objects.order_by("pk").values_list("pk", "time_zone"))


def _zones(request: HttpRequest | None, user: User) -> tuple[tuple[int, str], ...]:
    if request is None or not may_keep_by_versions(request):
        return _zones_read()
    shared = data_versions_of(user)[1]
    kept = _zones_kept.get(shared)
    if kept is None:
        kept = _zones_read()
        with _lock:
            _zones_kept.clear()
            _zones_kept[shared] = kept
    return kept


def review_days(user: User, request: HttpRequest | None = None) -> ReviewDays:
    """Each program's today, for `user`'s reviews (`request`: the page's, to keep the zones)."""
    zones = _zones(request, user)
    days = tuple((pk, program_today(zone or "")) for pk, zone in zones)
    return ReviewDays(days=days, zones=zones)


def forget_kept_zones() -> None:
    _zones_kept.clear()
