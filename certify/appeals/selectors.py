from datetime import date, timedelta

from django.db.models import Count, Min, QuerySet

from certify.accounts.api import Waiting
from certify.appeals.models import Appeal
from certify.programs.api import program_day

OPEN = [Appeal.Status.NOTICE_GIVEN, Appeal.Status.GROUNDS_SUBMITTED]


def _open() -> QuerySet[Appeal]:
    """Open appeals staff have to act on: not those of an account closed or deactivated, which
    end (`ended`); the filter covers a deactivation whose event is not delivered yet."""
    return Appeal.objects.filter(status__in=OPEN, appellant__is_active=True)


def appeal_list(*, open_only: bool = True, status: str = "") -> QuerySet[Appeal]:
    """Appeals for staff, oldest notice first: the open ones, or those in `status`."""
    qs = Appeal.objects.select_related("appellant", "program", "decided_by", "subject_type")
    if status in OPEN or (open_only and not status):
        qs = qs.filter(appellant__is_active=True)  # a closed account's appeals end (`ended`)
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=OPEN)
    return qs.order_by("notice_at", "id")


def appeal_counts() -> dict[str, int]:
    """How many open appeals are in each status (one query)."""
    rows = _open().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows.order_by()}


def appeals_waiting() -> tuple[Waiting, Waiting, date | None]:
    """For the staff home, in one query: the appeals whose grounds wait for a decision (and
    since when the oldest has waited, with its program's time zone), the appeals waiting for
    their grounds, and the first day by which grounds are due (each program's grounds days after
    the day of the decision in the program's time zone, as `services.appeal_window` counts
    them)."""
    rows = (
        _open()
        .values("status", "program__appeal_grounds_days", "program__time_zone")
        .annotate(n=Count("id"), first_decided=Min("decided_at"), first_grounds=Min("grounds_at"))
        .order_by()
    )
    to_decide, to_give, grounds_oldest, grounds_zone = 0, 0, None, ""
    due: date | None = None
    for row in rows:
        if row["status"] == Appeal.Status.GROUNDS_SUBMITTED:
            to_decide += row["n"]
            first = row["first_grounds"]
            if first is not None and (grounds_oldest is None or first < grounds_oldest):
                grounds_oldest, grounds_zone = first, row["program__time_zone"]
        else:
            to_give += row["n"]
            decided = program_day(row["first_decided"], row["program__time_zone"])
            by = decided + timedelta(days=row["program__appeal_grounds_days"])
            due = by if due is None else min(due, by)
    return Waiting(to_decide, grounds_oldest, grounds_zone), Waiting(to_give, None), due
