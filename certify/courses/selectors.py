"""Reads for courses and providers; every list keeps a fixed number of queries.

The catalogue searches with PostgreSQL's full-text search (stemmed, ranked) and falls back to a
simple "every word appears" match on SQLite (`courses.search`).
"""

import operator
from datetime import date, datetime
from functools import reduce
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from certify.accounts.api import Waiting, oldest_waiting
from certify.accounts.models import User
from certify.applications.api import add_years
from certify.core.chips import counts_by
from certify.core.db_router import read_only_selector
from certify.courses.models import (
    CompletionImport,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseEvaluation,
    CourseTransition,
    ProgrammeClaim,
    Provider,
    ProviderConsent,
    RecognisedProgramme,
    UnmatchedCompletion,
)
from certify.courses.search import search as _search
from certify.programs.api import on_program_days, program_today, programs_by_day
from certify.programs.models import CompetencySet, Program
from certify.progress.models import PlannedSet


def _listed(*, today: date | None = None, program: Program | None = None) -> QuerySet[Course]:
    """The courses in the catalogue on `today`: approved, approval running, not withdrawn. An
    approval runs through its last day in the program's time zone (by default today is the
    program's today; over every program, each course's program's: one more query)."""
    if today is not None:
        running = Q(approval_expires_on__gte=today)
    elif program is not None:
        running = Q(approval_expires_on__gte=program_today(program))
    else:
        running = on_program_days("approval_expires_on", "gte")
    qs = Course.objects.filter(running, first_approved_on__isnull=False).exclude(
        status=Course.Status.WITHDRAWN
    )
    return qs.filter(program=program) if program is not None else qs


@read_only_selector
def catalogue(
    *,
    program: Program | None = None,
    search: str = "",
    set_code: str = "",
    course_format: str = "",
    provider_id: int | None = None,
    max_cost_cents: int | None = None,
    starts_from: date | None = None,
    starts_until: date | None = None,
    today: date | None = None,
) -> QuerySet[Course]:
    """Courses whose approval runs today (the program's day), soonest start first (self-paced
    last); best match first when searching. Self-paced courses start any day, so they match every
    start-date filter."""
    qs = (
        _listed(today=today, program=program)
        .select_related("provider", "competency_set", "program")
        .order_by(F("start_date").asc(nulls_last=True), "title", "id")
    )
    if set_code:
        qs = qs.filter(competency_set__code__iexact=set_code)
    if course_format:
        qs = qs.filter(format=course_format)
    if provider_id:
        qs = qs.filter(provider_id=provider_id)
    if max_cost_cents is not None:
        qs = qs.filter(cost_cents__lte=max_cost_cents)
    if starts_from is not None:
        qs = qs.filter(Q(self_paced=True) | Q(start_date__gte=starts_from))
    if starts_until is not None:
        qs = qs.filter(Q(self_paced=True) | Q(start_date__lte=starts_until))
    return _search(qs, search)


def same_set(competency_set: CompetencySet, path: str) -> Q:
    """Rows whose set at `path` is `competency_set` in any framework version: the same CASE
    identifier in the same program (ADR 0056). A course approved for a set counts for it in
    every version that carries the set."""
    return Q(
        **{
            f"{path}__program_id": competency_set.program_id,
            f"{path}__case_identifier": competency_set.case_identifier,
        }
    )


def approved_courses_for(
    *, competency_set: CompetencySet, today: date | None = None
) -> QuerySet[Course]:
    return catalogue(program=competency_set.program, today=today).filter(
        same_set(competency_set, "competency_set")
    )


def catalogue_providers(*, program: Program | None = None) -> QuerySet[Provider, tuple[int, str]]:
    """(id, name) of each provider with a course in the catalogue today, by name (the filter).

    A semi-join on the listed courses: joining every provider to its courses and de-duplicating
    the wide provider rows cost ~40 ms at 5,000 courses."""
    listed = _listed(program=program).values("provider_id")
    return Provider.objects.filter(pk__in=listed).order_by("name", "id").values_list("id", "name")


def _mappings() -> Prefetch:
    return Prefetch(
        "mappings",
        queryset=CourseCompetency.objects.select_related("competency").order_by(
            "competency__order", "id"
        ),
    )


def course_public_find(*, pk: int, today: date | None = None) -> Course | None:
    """The course if it is in the catalogue `today` (by default its program's today)."""
    # Read without the day, then its approval's last day against its own program's today.
    course = catalogue(today=today or date.min).prefetch_related(_mappings()).filter(pk=pk).first()
    if course is None or course.approval_expires_on is None:
        return None
    return (
        course if course.approval_expires_on >= (today or program_today(course.program)) else None
    )


def course_find(*, pk: int) -> Course | None:
    """A course with everything its provider and staff pages show."""
    return (
        Course.objects.select_related(
            "provider", "program", "competency_set", "fee_invoice", "created_by"
        )
        .prefetch_related(
            _mappings(),
            "competency_set__competencies",
            "approvals",
            Prefetch(
                "transitions",
                queryset=CourseTransition.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch(
                "evaluations",
                queryset=CourseEvaluation.objects.select_related("evaluator")
                .prefetch_related("scores")
                .order_by("-round", "created_at"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def courses_ever_approved_for(*, competency_set: CompetencySet) -> QuerySet[Course]:
    """Courses a candidate may have completed for a set: approved now or in the past."""
    return (
        Course.objects.filter(same_set(competency_set, "competency_set"))
        .filter(first_approved_on__isnull=False)
        .select_related("provider")
        .order_by("title", "id")
    )


# --- Providers ---------------------------------------------------------------------------------


def provider_list_for(*, user: User) -> QuerySet[Provider]:
    return Provider.objects.filter(memberships__user=user).order_by("name")


def provider_find(*, pk: int) -> Provider | None:
    return (
        Provider.objects.prefetch_related(
            Prefetch("members", queryset=User.objects.order_by("full_name", "email"))
        )
        .filter(pk=pk)
        .first()
    )


def provider_list_for_staff(*, status: str = "") -> QuerySet[Provider]:
    qs = Provider.objects.annotate(
        member_count=Count("memberships", distinct=True),
        course_count=Count("courses", distinct=True),
    ).order_by("status", "name")
    return qs.filter(status=status) if status else qs


def course_list_for_provider(*, provider: Provider) -> QuerySet[Course]:
    return (
        Course.objects.filter(provider=provider)
        .select_related("provider", "competency_set", "program", "fee_invoice")
        .order_by("-updated_at", "-id")
    )


def import_list_for_provider(*, provider: Provider) -> QuerySet[CompletionImport]:
    return (
        CompletionImport.objects.filter(provider=provider)
        .select_related("course__program", "uploaded_by")  # times in the program's zone
        .defer("errors", "preview")
        .order_by("-created_at", "-id")
    )


# --- Staff queues ------------------------------------------------------------------------------


# The work waiting for staff in each queue (the staff home), when each started to wait, and
# the path to its program's time zone (the staff home counts the oldest's days there). A
# provider serves every program and belongs to none: "" (the home counts its days in every
# program's zone when they share one, else the site's: `accounts.staff_home.staff_work`).
WAITING: dict[str, tuple[type[Model], str, str, str]] = {
    "courses": (Course, Course.Status.SUBMITTED, "submitted_at", "program__time_zone"),
    "providers": (Provider, Provider.Status.PENDING, "created_at", ""),
    "completions": (
        CourseCompletion,
        CourseCompletion.Status.PENDING,
        "created_at",
        "course__program__time_zone",
    ),
    "unmatched": (
        UnmatchedCompletion,
        UnmatchedCompletion.Status.OPEN,
        "created_at",
        "course__program__time_zone",
    ),
    "claims": (
        ProgrammeClaim,
        ProgrammeClaim.Status.PENDING,
        "created_at",
        "programme__program__time_zone",
    ),
}


def courses_waiting() -> dict[str, Waiting]:
    """For the staff home: how many of each waits in its staff queue's default filter, and
    since when the oldest has, with its program's time zone (one query per queue)."""
    return {
        key: oldest_waiting(model._default_manager.filter(status=status), since, zone=zone)
        for key, (model, status, since, zone) in WAITING.items()
    }


def staff_status_counts(
    model: type[Course | Provider | CourseCompletion | UnmatchedCompletion | ProgrammeClaim],
) -> dict[str, int]:
    """How many of a staff queue's rows are in each status: its filter chips (one query)."""
    return counts_by(model.objects.all())


def staff_course_queue(*, status: str = "") -> QuerySet[Course]:
    qs = (
        Course.objects.select_related("provider", "competency_set", "program", "fee_invoice")
        .annotate(
            evaluation_count=Count(
                "evaluations", filter=Q(evaluations__round=F("review_round")), distinct=True
            )
        )
        .order_by(F("submitted_at").asc(nulls_last=True), "id")
    )
    return qs.filter(status=status) if status else qs


# --- Completions -------------------------------------------------------------------------------

_COMPLETION_RELATED = (
    "course__provider",
    "course__competency_set",
    "course__program",
    "candidate",
    "application",
    "decided_by",
)


def completion_find(*, pk: int) -> CourseCompletion | None:
    return CourseCompletion.objects.select_related(*_COMPLETION_RELATED).filter(pk=pk).first()


def completion_list_for_provider(
    *, provider: Provider, status: str = ""
) -> QuerySet[CourseCompletion]:
    """The completions of the provider's courses that it may see (ADR 0021): recorded by the
    candidate themselves, or of a candidate who gave this provider consent for the set. A row
    staff matched by hand for anyone else stays out of sight, names and addresses included."""
    consented = ProviderConsent.objects.filter(
        provider=provider,
        application_id=OuterRef("application_id"),
        course__competency_set_id=OuterRef("course__competency_set_id"),
        status=ProviderConsent.Status.ACCEPTED,
    )
    qs = (
        CourseCompletion.objects.filter(course__provider=provider)
        .filter(Q(source=CourseCompletion.Source.CANDIDATE) | Q(Exists(consented)))
        .select_related(*_COMPLETION_RELATED)
        .order_by("status", "-created_at", "-id")
    )
    return qs.filter(status=status) if status else qs


def completion_queue_for_staff(*, status: str = "pending") -> QuerySet[CourseCompletion]:
    qs = CourseCompletion.objects.select_related(*_COMPLETION_RELATED).order_by("created_at", "id")
    return qs.filter(status=status) if status else qs


def completion_list_for_candidate(
    *, candidate: User, competency_set: CompetencySet | None = None
) -> QuerySet[CourseCompletion]:
    qs = CourseCompletion.objects.filter(candidate=candidate).select_related(*_COMPLETION_RELATED)
    if competency_set is not None:
        qs = qs.filter(same_set(competency_set, "course__competency_set"))
    return qs.order_by("-created_at", "-id")


def consent_list_for_candidate(*, candidate: User) -> QuerySet[ProviderConsent]:
    """The candidate's invitations waiting for an answer and the consents they gave."""
    return (
        ProviderConsent.objects.filter(
            candidate=candidate,
            status__in=[ProviderConsent.Status.INVITED, ProviderConsent.Status.ACCEPTED],
        )
        .select_related("provider", "course__competency_set")
        .order_by("status", "-created_at", "-id")
    )


def course_named_in_plan(*, planned: PlannedSet) -> ProviderConsent | None:
    """The course the candidate's plan names for this set, if any."""
    return (
        ProviderConsent.objects.filter(
            same_set(planned.competency_set, "course__competency_set"),
            application_id=planned.application_id,
            source=ProviderConsent.Source.PLAN,
            status=ProviderConsent.Status.ACCEPTED,
        )
        .select_related("course", "provider")
        .first()
    )


def consent_find(*, pk: int) -> ProviderConsent | None:
    return ProviderConsent.objects.select_related("provider", "course").filter(pk=pk).first()


def consent_list_for_provider(*, provider: Provider) -> QuerySet[ProviderConsent]:
    """The provider's invitations as the provider typed them: no candidate's name or address."""
    return (
        ProviderConsent.objects.filter(provider=provider, source=ProviderConsent.Source.INVITATION)
        .select_related("course")
        .only("pk", "status", "invited_as", "created_at", "course__title", "provider_id")
        .order_by("-created_at", "-id")
    )


def completion_list_awaiting(*, candidate: User) -> QuerySet[CourseCompletion]:
    """Completions a provider reported, or staff matched, that wait for the candidate's word."""
    return (
        CourseCompletion.objects.filter(
            candidate=candidate, status=CourseCompletion.Status.AWAITING
        )
        .select_related(*_COMPLETION_RELATED)
        .order_by("created_at", "id")
    )


def unmatched_list(*, status: str = "open") -> QuerySet[UnmatchedCompletion]:
    qs = UnmatchedCompletion.objects.select_related(
        "course__provider", "course__program", "completion__candidate"
    ).order_by("created_at", "id")
    return qs.filter(status=status) if status else qs


# --- Recognised programmes ---------------------------------------------------------------------


def programme_list(*, program: Program | None = None) -> QuerySet[RecognisedProgramme]:
    qs = RecognisedProgramme.objects.select_related("program").prefetch_related(
        Prefetch("competency_sets", queryset=CompetencySet.objects.order_by("order"))
    )
    return qs.filter(program=program) if program is not None else qs


def programmes_for_set(*, competency_set: CompetencySet) -> QuerySet[RecognisedProgramme]:
    return (
        programme_list(program=competency_set.program)
        .filter(same_set(competency_set, "competency_sets"), active=True)
        .distinct()
    )


def claim_find(*, pk: int) -> ProgrammeClaim | None:
    return (
        ProgrammeClaim.objects.select_related("programme__program", "candidate", "decided_by")
        .prefetch_related("programme__competency_sets")
        .filter(pk=pk)
        .first()
    )


def claim_queue(*, status: str = "pending") -> QuerySet[ProgrammeClaim]:
    qs = (
        ProgrammeClaim.objects.select_related("programme__program", "candidate", "decided_by")
        .prefetch_related("programme__competency_sets")
        .order_by("created_at", "id")
    )
    return qs.filter(status=status) if status else qs


def claims_for_candidate(*, candidate: User) -> QuerySet[ProgrammeClaim]:
    return (
        ProgrammeClaim.objects.filter(candidate=candidate)
        .select_related("programme", "decided_by")
        .prefetch_related("programme__competency_sets")
        .order_by("-created_at", "-id")
    )


# --- The provider's home (its courses by approval state: `approval_states.py`) ------------------


def provider_approvals_ending(
    *, provider: Provider, programs: Any, now: datetime | None = None
) -> QuerySet[Course]:
    """Approved courses whose approval runs and ends within a year of their program's today
    (their renewal is open, `periods`), soonest first. Each course's program's day (ADR 0036):
    `programs`, the (id, time zone) pairs the page read once, reads no more."""
    terms = [
        Q(
            program_id__in=ids,
            approval_expires_on__gte=day,
            approval_expires_on__lte=add_years(day, 1),
        )
        for day, ids in programs_by_day(programs, now=now).items()
    ]
    return (
        Course.objects.filter(reduce(operator.or_, terms, Q(pk__in=[])))
        .filter(provider=provider, first_approved_on__isnull=False)
        .exclude(status=Course.Status.WITHDRAWN)
        .select_related("competency_set")
        .order_by("approval_expires_on", "title", "id")
    )
