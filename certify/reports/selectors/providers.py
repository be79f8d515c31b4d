"""The provider's dashboard: only the courses of the providers the person acts for."""

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from certify.courses.models import Course, CourseCompletion
from certify.reports.figures import Cell, Chart, Column, Figure, number
from certify.reports.filters import Filters, as_date, period_label

Completion = CourseCompletion.Status
EXPIRING_DAYS = 90


def standing(course_expires: date | None, today: date) -> str:
    """Where the course's approval stands today, in words."""
    if course_expires is None:
        return "Not approved yet"
    if course_expires < today:
        return "Approval expired"
    if course_expires <= today + timedelta(days=EXPIRING_DAYS):
        return f"Expires within {EXPIRING_DAYS} days"
    return "Approved"


def course_approvals(
    *, filters: Filters, courses: QuerySet[Course], today: date | None = None
) -> Figure:
    today = today or filters.today()
    rows: list[list[Cell]] = [
        [
            r["title"],
            r["provider__name"],
            r["competency_set__name"],
            Course.Status(r["status"]).label,
            standing(r["approval_expires_on"], today),
            r["approval_expires_on"],
        ]
        for r in courses.values(
            "title",
            "provider__name",
            "competency_set__name",
            "status",
            "approval_expires_on",
        ).order_by("title", "pk")
    ]
    return Figure(
        key="courses",
        title="Your courses and their approval",
        caption=f"Every course, where its review stands and when its approval ends "
        f"(courses expiring within {EXPIRING_DAYS} days are marked).",
        columns=[
            Column("Course"),
            Column("Provider"),
            Column("Competency set"),
            Column("Review"),
            Column("Approval"),
            Column("Approval ends"),
        ],
        rows=rows,
        chart=Chart.NONE,
    )


def completions_over_time(*, filters: Filters, courses: QuerySet[Course]) -> Figure:
    grouped = (
        CourseCompletion.objects.filter(
            filters.on_date("completed_on"), course__in=courses.values("pk")
        )
        .exclude(status=Completion.REJECTED)
        .annotate(period=filters.trunc("completed_on"))
        .values("period", "course_id", "course__title")
        .annotate(n=Count("pk"))
        .order_by("course__title", "course_id")
    )
    titles: dict[int, str] = {}
    counts: dict[tuple[date, int], int] = {}
    for r in grouped:
        titles[r["course_id"]] = r["course__title"]
        day = as_date(r["period"])
        assert day is not None  # noqa: S101  (completed_on is never empty)
        counts[(day, r["course_id"])] = r["n"]
    rows: list[list[Cell]] = [
        [period_label(day, filters.period), *[counts.get((day, cid), 0) for cid in titles]]
        for day in filters.periods([d for d, _c in counts])
    ]
    return Figure(
        key="completions-over-time",
        title="Completions over time",
        caption="Completions reported in each period (by completion date), per course; "
        "completions not confirmed are left out.",
        columns=[Column("Period"), *[number(title) for title in titles.values()]],
        rows=rows if titles else [],
        chart=Chart.STACKED,
        unit="Completions",
    )


def completions_by_status(*, filters: Filters, courses: QuerySet[Course]) -> Figure:
    in_range = filters.on_date("completions__completed_on")
    grouped = (
        courses.values("pk", "title")
        .annotate(
            confirmed=Count(
                "completions", filter=in_range & Q(completions__status=Completion.CONFIRMED)
            ),
            pending=Count(
                "completions", filter=in_range & Q(completions__status=Completion.PENDING)
            ),
            rejected=Count(
                "completions", filter=in_range & Q(completions__status=Completion.REJECTED)
            ),
        )
        .order_by("title", "pk")
    )
    rows: list[list[Cell]] = [
        [r["title"], r["confirmed"], r["pending"], r["rejected"]] for r in grouped
    ]
    return Figure(
        key="completions",
        title="Completions confirmed and waiting",
        caption="Completions in the period per course: confirmed, waiting for confirmation "
        "(by you or program staff), and not confirmed.",
        columns=[
            Column("Course"),
            number("Confirmed"),
            number("Waiting"),
            number("Not confirmed"),
        ],
        rows=rows if any(r["confirmed"] + r["pending"] + r["rejected"] for r in grouped) else [],
        chart=Chart.STACKED,
        unit="Completions",
    )


FIGURES = {
    "courses": course_approvals,
    "completions-over-time": completions_over_time,
    "completions": completions_by_status,
}
