"""Reads for the provider's home: their courses grouped by where each stands in its approval,
and their latest imports (`selectors.py` has the other reads). Each list is one query."""

from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When

from certify.courses.models import CompletionImport, Course, Provider
from certify.courses.selectors import course_list_for_provider, import_list_for_provider
from certify.programs.api import on_program_days
from certify.programs.models import Program

# A course's place in its approval, in the order the provider's home shows them. "listed" does
# not depend on the review cycle: a course whose renewal is under review stays approved and in
# the catalogue until its approval ends (`_listed`).
APPROVAL_STATES = (
    ("listed", "Approved, in the catalog"),
    ("in_review", "Submitted, being evaluated"),
    ("returned", "Returned for changes"),
    ("draft", "Drafts"),
    ("stopped", "Approval suspended or revoked by program staff"),
    ("ended", "Approval ended"),
    ("withdrawn", "Withdrawn"),
)


def program_zones() -> list[tuple[int, str]]:
    """The programs' (id, time zone), read once for a page's lists (`on_program_days`)."""
    return list(Program.objects.values_list("pk", "time_zone"))


def _approval_state(today: date | None, programs: Any = None) -> Case:
    """Without `today`, an approval runs to the end of its last day in the course's program's
    time zone (ADR 0036), as the catalog lists it (`programs`: their zones, read once)."""
    status = Course.Status
    running = (
        Q(approval_expires_on__gte=today)
        if today is not None
        else on_program_days("approval_expires_on", "gte", programs=programs)
    )
    return Case(
        When(status=status.WITHDRAWN, then=Value("withdrawn")),
        When(status__in=[status.SUSPENDED, status.REVOKED], then=Value("stopped")),
        When(running, first_approved_on__isnull=False, then=Value("listed")),
        When(status=status.SUBMITTED, then=Value("in_review")),
        When(status=status.RETURNED, then=Value("returned")),
        When(status=status.DRAFT, then=Value("draft")),
        default=Value("ended"),
        output_field=CharField(),
    )


def _state_order() -> Case:
    return Case(
        *(
            When(approval_state=key, then=Value(index))
            for index, (key, _) in enumerate(APPROVAL_STATES)
        ),
        output_field=IntegerField(),
    )


def provider_courses_by_state(
    *, provider: Provider, today: date | None = None, state: str = "", programs: Any = None
) -> QuerySet[Course]:
    """The provider's courses, each with its `approval_state`, grouped in APPROVAL_STATES order
    (optionally only one state)."""
    qs = (
        course_list_for_provider(provider=provider)
        .annotate(approval_state=_approval_state(today, programs))
        .annotate(state_order=_state_order())
        .order_by("state_order", F("approval_expires_on").asc(nulls_last=True), "title", "id")
    )
    return qs.filter(approval_state=state) if state else qs


def provider_course_state_counts(
    *, provider: Provider, today: date | None = None, programs: Any = None
) -> list[tuple[str, str, int]]:
    """(state, label, count) for each approval state the provider has courses in: one query."""
    counted = dict(
        Course.objects.filter(provider=provider)
        .annotate(approval_state=_approval_state(today, programs))
        .order_by()
        .values("approval_state")
        .annotate(n=Count("id"))
        .values_list("approval_state", "n")
    )
    return [(key, label, counted[key]) for key, label in APPROVAL_STATES if counted.get(key)]


def provider_recent_imports(*, provider: Provider, limit: int = 5) -> list[CompletionImport]:
    return list(import_list_for_provider(provider=provider)[:limit])
