"""Reads for applications; the staff queue keeps a fixed number of queries."""

from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.models import Application, ApplicationTransition, ExperienceEntry


def application_get(*, pk: int) -> Application | None:
    return (
        Application.objects.select_related("candidate", "program", "decided_by")
        .prefetch_related(
            Prefetch("experience", queryset=ExperienceEntry.objects.order_by("start_date", "id")),
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


def application_list_for(*, candidate: User) -> QuerySet[Application]:
    return Application.objects.filter(candidate=candidate).select_related("program")


def application_current_for(*, candidate: User) -> Application | None:
    return (
        application_list_for(candidate=candidate)
        .exclude(status=Application.Status.WITHDRAWN)
        .order_by("-created_at")
        .first()
    )


QUEUE_STATUSES = [Application.Status.SUBMITTED, Application.Status.MORE_INFO]


def application_queue(
    *,
    status: str = "",
    flagged: bool = False,
    outside_us: bool = False,
    country: str = "",
    waiting_days: int | None = None,
    search: str = "",
) -> QuerySet[Application]:
    """Applications for staff, oldest waiting first, with what the queue table shows."""
    # A subquery, not Count("experience"): a join + GROUP BY over every application made a page
    # of 50 (and its count) cost seconds at 100,000 applications; this counts the shown rows only.
    entries = (
        ExperienceEntry.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = (
        Application.objects.exclude(status=Application.Status.DRAFT)
        .select_related("candidate", "program")
        .annotate(entry_count=Coalesce(Subquery(entries, output_field=IntegerField()), 0))
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
        qs = qs.filter(submitted_at__lte=timezone.now() - timedelta(days=waiting_days))
    if search:
        qs = qs.filter(
            Q(candidate__full_name__icontains=search) | Q(candidate__email__icontains=search)
        )
    return qs


def queue_counts() -> dict[str, int]:
    rows = Application.objects.values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}
