"""Reads for applications; the staff queue keeps a fixed number of queries."""

import operator
from datetime import datetime
from functools import reduce
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from certify.accounts.api import Turnaround, Waiting, turnaround_from, turnaround_since
from certify.accounts.models import User
from certify.applications.models import Application, ApplicationTransition, ExperienceEntry
from certify.casework.api import assignment_q
from certify.core import nearcache
from certify.core.kept import may_keep
from certify.core.precompiled import Precompiled
from certify.core.undo import recently_removed
from certify.programs.api import waited_since
from certify.programs.models import Program


def experience_removed_recently(*, application: Application) -> list[ExperienceEntry]:
    """The application's jobs removed recently enough to be put back (ADR 0040)."""
    return list(recently_removed(ExperienceEntry.with_removed.filter(application=application)))


def application_find(*, pk: int) -> Application | None:
    return (
        Application.objects.select_related("candidate", "program", "decided_by", "assigned_to")
        .prefetch_related(
            Prefetch(
                "experience",
                queryset=ExperienceEntry.objects.order_by("start_date", "id").prefetch_related(
                    "confirmation_requests"
                ),
            ),
            Prefetch(
                "transitions",
                queryset=ApplicationTransition.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def program_of_person(user: User) -> Program | None:
    """The program of the person's newest application: the zone their account e-mails keep
    (registered with accounts' `person_program_lookup`); None for one who never applied."""
    newest = (
        Application.objects.filter(candidate_id=user.pk)
        .select_related("program")
        .order_by("-created_at", "-pk")
        .first()
    )
    return newest.program if newest is not None else None


def application_list_for(*, candidate: User) -> QuerySet[Application]:
    return Application.objects.filter(candidate=candidate).select_related(
        "program", "framework_version"
    )


def application_current_for(
    *, candidate: User, program: Program | None = None
) -> Application | None:
    """The candidate's current application: the newest not withdrawn, in `program` when given
    (a candidate may be in several programs at once), else in any program."""
    qs = application_list_for(candidate=candidate).exclude(status=Application.Status.WITHDRAWN)
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("-created_at").first()


def _current_list(*, candidate_id: int) -> QuerySet[Application]:
    newest_in_program = (
        Application.objects.filter(candidate_id=candidate_id, program=OuterRef("program"))
        .exclude(status=Application.Status.WITHDRAWN)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return (
        Application.objects.filter(candidate_id=candidate_id)
        .select_related("program", "framework_version")
        .filter(pk=Subquery(newest_in_program))
        .order_by("-created_at", "-id")
    )


# Every signed-in candidate's plan reads it: compiled once per process (ADR 0062).
_current_list_query = Precompiled(_current_list, ints=("candidate_id",))


def application_current_list_for(*, candidate: User) -> list[Application]:
    """The candidate's current application in each program (as `application_current_for` with
    that program), newest first: one query."""
    return _current_list_query.run(candidate_id=candidate.pk)


def applications_current_of(
    *, candidate_ids: set[int], program_ids: set[int]
) -> dict[tuple[int, int], Application]:
    """Each of these candidates' current application in each of these programs (as
    `application_current_for` with that program: the newest not withdrawn), by (candidate id,
    program id), for a list read at once: one query, however many."""
    current: dict[tuple[int, int], Application] = {}
    if not candidate_ids or not program_ids:
        return current
    rows = (
        Application.objects.filter(candidate_id__in=candidate_ids, program_id__in=program_ids)
        .exclude(status=Application.Status.WITHDRAWN)
        .order_by("-created_at", "-id")
        .only("id", "candidate_id", "program_id", "status", "enrolled_on", "created_at")
    )
    for application in rows:
        current.setdefault((application.candidate_id, application.program_id), application)
    return current


QUEUE_STATUSES = [Application.Status.SUBMITTED, Application.Status.MORE_INFO]


def application_queue(
    *,
    status: str = "",
    flagged: bool = False,
    outside_us: bool = False,
    country: str = "",
    waiting_days: int | None = None,
    search: str = "",
    assigned: str = "",
    viewer: User | None = None,
    program: str = "",
    late: Q | None = None,
) -> QuerySet[Application]:
    """Applications for staff, oldest waiting first (the order of the index on status,
    submitted_at and id). `assigned`: "me" (the `viewer`'s cases), "none" (unassigned);
    `program`: one program's (its slug); `late`: waiting past their program's target (`late_q`,
    what the staff home counts)."""
    qs = (
        Application.objects.exclude(status=Application.Status.DRAFT)
        .select_related("candidate", "program")
        .order_by("submitted_at", "id")
    )
    qs = qs.filter(status=status) if status else qs.filter(status__in=QUEUE_STATUSES)
    if flagged:
        qs = qs.exclude(flags=[])
    if outside_us:
        qs = qs.exclude(education_country="US")
    if country:
        qs = qs.filter(education_country=country)
    if waiting_days is not None:
        qs = qs.filter(late_q(waited_days=waiting_days))
    if late is not None:
        qs = qs.filter(late)
    if search:
        qs = qs.filter(
            Q(candidate__full_name__icontains=search) | Q(candidate__email__icontains=search)
        )
    if assigned:
        qs = qs.filter(assignment_q(assigned, user=viewer))
    if program:
        qs = qs.filter(program__slug=program)
    return qs


# A program with no target of its own for deciding an application is given this one.
DEFAULT_TARGET_DAYS = 30


def program_target_days() -> dict[int, tuple[int, str]]:
    """Each program's target for deciding an application, in days, and its time zone (one
    query): what `late_q` counts with."""
    return {
        pk: (days or DEFAULT_TARGET_DAYS, zone)
        for pk, days, zone in Program.objects.values_list(
            "pk", "target_application_days", "time_zone"
        )
    }


def late_q(
    *,
    waited_days: int,
    program_days: dict[int, tuple[int, str]] | None = None,
    now: datetime | None = None,
) -> Q:
    """Submitted `waited_days` or more calendar days ago in its own program's time zone, or
    each program's own days in `program_days` (program id to (days, zone), `program_target_days`;
    one query reads the zones when it is not given). The staff queue's "waiting at least" filter
    and the staff home's count of late applications both count with it, so they agree."""
    if program_days is None:
        program_days = {
            pk: (waited_days, zone) for pk, zone in Program.objects.values_list("pk", "time_zone")
        }
    now = now or timezone.now()
    terms = [
        Q(program_id=pk, submitted_at__lt=waited_since(days, zone, now=now))
        for pk, (days, zone) in program_days.items()
    ]
    return reduce(operator.or_, terms, Q(pk__in=[]))


def applications_waiting(
    *, waited_days: int, program_days: dict[int, tuple[int, str]] | None = None
) -> tuple[dict[str, Waiting], int]:
    """For the staff home, in one query: for each waiting status, how many applications and
    the oldest submission (with its program's time zone); and how many submitted ones have
    waited `waited_days` or more calendar days in their program's time zone (the queue's
    "waiting at least" filter, `late_q`), or each program's own days in `program_days`
    (program id to (days, zone))."""
    late = late_q(waited_days=waited_days, program_days=program_days)
    rows = (
        Application.objects.filter(status__in=QUEUE_STATUSES)
        .values("status", zone=F("program__time_zone"))
        .annotate(n=Count("id"), oldest=Min("submitted_at"), late=Count("id", filter=late))
        .order_by()
    )
    return _by_status(rows)


def _by_status(rows: Any) -> tuple[dict[str, Waiting], int]:
    """Rows per status and program time zone, summed per status; the oldest is the earliest
    submission, with its own program's zone (the staff home counts its days there)."""
    waiting: dict[str, Waiting] = {}
    late = 0
    for row in rows:
        had = waiting.get(row["status"], Waiting())
        oldest, zone = had.oldest, had.zone
        if row["oldest"] is not None and (oldest is None or row["oldest"] < oldest):
            oldest, zone = row["oldest"], row["zone"]
        waiting[row["status"]] = Waiting(had.count + row["n"], oldest, zone)
        if row["status"] == Application.Status.SUBMITTED:
            late += row["late"]
    return waiting, late


def application_next_waiting(*, after: Application) -> Application | None:
    """The next application waiting for staff after `after` in the queue's order (oldest
    submission first), or the first one when `after` is the last or no longer waiting."""
    waiting = Application.objects.filter(status=Application.Status.SUBMITTED).exclude(pk=after.pk)
    order = ("submitted_at", "id")
    if after.submitted_at is not None:
        later = waiting.filter(
            Q(submitted_at__gt=after.submitted_at)
            | Q(submitted_at=after.submitted_at, id__gt=after.pk)
        )
        found = later.order_by(*order).first()
        if found is not None:
            return found
    return waiting.order_by(*order).first()


# What the staff queue's table shows, and nothing more (notes, reasons and the candidate's
# password hash are not read for a list).
QUEUE_TABLE_FIELDS = [
    "status",
    "submitted_at",
    "eligible_hours",
    "education_level",
    "education_country",
    "flags",
    "candidate__full_name",
    "candidate__email",
    "program__short_name",
    "program__time_zone",  # the day submitted is the program's
    "assigned_to__full_name",
    "assigned_to__email",
]


def application_queue_rows(
    applications: QuerySet[Application], *, bottom: int, top: int, total: int
) -> QuerySet[Application]:
    """Rows `bottom` to `top` of the queue, with only what its table shows.

    A page is found by its ids first: an index-only walk of (status, submitted_at, id) from
    whichever end of the list is nearer (page 1,900 of 1,900 need not step over 95,000 rows),
    then only those 50 rows are read and joined."""
    ids = applications.values_list("pk", flat=True)
    from_end = bottom > total - top
    ids = ids.reverse()[total - top : total - bottom] if from_end else ids[bottom:top]
    return (
        Application.objects.filter(pk__in=ids)
        .select_related("candidate", "program", "assigned_to")
        .only(*QUEUE_TABLE_FIELDS)
        .order_by("submitted_at", "id")
    )


class QueuePaginator(Paginator):
    """Pages of the staff queue; `count` may be given when it is already known."""

    def __init__(self, object_list: QuerySet[Application], per_page: int, count: int | None):
        super().__init__(object_list, per_page)
        self.applications = object_list
        if count is not None:
            self.__dict__["count"] = count  # the cached_property, filled in

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = application_queue_rows(self.applications, bottom=bottom, top=top, total=self.count)
        return Page(rows, number, self)


def application_queue_page(
    *,
    page: str | int | None,
    counts: dict[str, int],
    per_page: int = 50,
    status: str = "",
    flagged: bool = False,
    outside_us: bool = False,
    country: str = "",
    waiting_days: int | None = None,
    search: str = "",
    assigned: str = "",
    viewer: User | None = None,
    program: str = "",
    late: Q | None = None,
) -> Page:
    """One page of the staff queue. Filtered by status alone, the number of matching
    applications is read off `counts` (`queue_counts()`) instead of counted again."""
    applications = application_queue(
        status=status,
        flagged=flagged,
        outside_us=outside_us,
        country=country,
        waiting_days=waiting_days,
        search=search,
        assigned=assigned,
        viewer=viewer,
        program=program,
        late=late,
    )
    known = None
    filtered = flagged or outside_us or country or search or assigned or program
    if not (filtered or waiting_days is not None or late is not None):
        statuses = [status] if status else QUEUE_STATUSES
        known = sum(counts.get(s, 0) for s in statuses if s != Application.Status.DRAFT)
    return QueuePaginator(applications, per_page, known).get_page(page)


# The number of applications in each status, kept in the cache when it is shared by every app
# server (settings.SHARED_CACHE): any save or delete of an application, once committed, makes a
# new version of the key (`queue_counts_changed`, connected in apps.py), so the next request
# counts again. QUEUE_COUNTS_SECONDS only bounds what a write outside the ORM (raw SQL, bulk
# load) could leave behind. A per-process cache could not be told of another server's writes,
# so without a shared cache every request counts.
QUEUE_COUNTS_VERSION = "applications:queue-counts:version"
QUEUE_COUNTS_SECONDS = 600
# This process's copies of the version and the kept queue pages (50-70 KB each): how long one is
# used at most (Redis's messages end it sooner) and how many are held.
NEAR_SECONDS = 60
NEAR_PAGES = 64


def _queue_counts_now() -> dict[str, int]:
    rows = Application.objects.values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def queue_version() -> str | None:
    """The version of the applications' data that kept queue figures and pages are filed under
    (changed when any application is saved or deleted), or None when nothing may be kept: no
    shared cache, or inside a transaction of this code's own."""
    return queue_version_and()[0]


def queue_version_and(key: str | None = None) -> tuple[str | None, Any]:
    """`queue_version()` and what the cache holds under `key` (None if nothing), read in one
    round trip; nothing is read when nothing may be kept."""
    if not may_keep():
        return None, None
    # From this process's copies while Redis says neither changed (ADR 0066): a saved
    # application's new version drops the version's copy in every process.
    found = nearcache.get_many(
        "applications:queue",
        [QUEUE_COUNTS_VERSION, key] if key else [QUEUE_COUNTS_VERSION],
        seconds=NEAR_SECONDS,
        max_entries=NEAR_PAGES,
    )
    version = found.get(QUEUE_COUNTS_VERSION)
    if version is None:
        cache.add(QUEUE_COUNTS_VERSION, uuid4().hex, None)
        version = cache.get(QUEUE_COUNTS_VERSION)
    return (str(version) if version is not None else None), found.get(key) if key else None


def queue_counts(version: str | None = None) -> dict[str, int]:
    version = version or queue_version()
    if version is None:
        return _queue_counts_now()
    key = f"applications:queue-counts:{version}"
    counts = cache.get(key)
    if counts is None:
        counts = _queue_counts_now()
        cache.set(key, counts, QUEUE_COUNTS_SECONDS)
    return counts


def queue_counts_changed(**_kwargs: object) -> None:
    """An application was saved or deleted: once committed, the kept counts are not used again.
    (After the commit, so that a request counting meanwhile cannot keep the old figures under
    the new version.)"""
    transaction.on_commit(lambda: cache.set(QUEUE_COUNTS_VERSION, uuid4().hex, None))


def libraries_of_people(people: frozenset) -> set[str]:
    """The folded names of the libraries where these people work or worked (their experience
    entries): `core.duties` asks it for declared conflicts with a library (ADR 0022)."""
    from certify.core.names import fold

    names = ExperienceEntry.objects.filter(application__candidate_id__in=people).values_list(
        "library_name", flat=True
    )
    return {fold(name) for name in names if name}


def decision_turnaround(*, program: Program) -> Turnaround:
    """How long the program took to decide applications in the last 90 days (one query)."""
    pairs = Application.objects.filter(
        program=program,
        status__in=[Application.Status.ACCEPTED, Application.Status.REJECTED],
        decided_at__gte=turnaround_since(),
    ).values_list("submitted_at", "decided_at")
    return turnaround_from(
        pairs, what="a decision on an application", target_days=program.target_application_days
    )


def framework_version_of(*, candidate: User, program_id: int) -> int | None:
    """The id of the framework version the candidate enrolled under in the program (their latest
    accepted application's; ADR 0056), None when they have none (the published one applies)."""
    return (
        Application.objects.filter(
            candidate=candidate, program_id=program_id, framework_version__isnull=False
        )
        .order_by("-created_at")
        .values_list("framework_version_id", flat=True)
        .first()
    )
