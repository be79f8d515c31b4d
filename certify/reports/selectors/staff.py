"""The staff dashboard's figures: the journey from application to renewal, how long it takes,
how sets are completed, portfolios and their reviewers, scholarships, money and candidates."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate
from django_countries import countries

from certify.accounts.api import listed_name, references_attach
from certify.accounts.models import User
from certify.applications.models import Application, ExperienceEntry
from certify.core.money import Money
from certify.payments.models import Invoice, Payment, Refund
from certify.portfolios.api import Outcome
from certify.portfolios.models import ReviewAssignment, Submission
from certify.programs.api import kind_choices, kind_label
from certify.programs.models import CompetencySet, Program
from certify.progress.models import PlannedSet
from certify.reports.figures import Cell, Chart, Column, Figure, number
from certify.reports.filters import Filters, as_date, period_label
from certify.reports.selectors.ageing import ageing
from certify.reports.selectors.certificates import ISSUED, lapsed_q, renewed_q
from certify.reports.selectors.certify_time import time_to_certify, whole_days
from certify.reports.selectors.funds import (
    FUND_COLUMNS,
    MONEY_TODAY,
    fund_money_today,
    money_today_columns,
)
from certify.reports.selectors.trends import trends
from certify.scholarships.models import Fund

Status = Application.Status


def _applications(filters: Filters) -> QuerySet[Application]:
    """Applications submitted in the range (drafts never were)."""
    return Application.objects.filter(
        filters.on_datetime("submitted_at"), filters.for_program("program")
    ).exclude(status=Status.DRAFT)


def funnel(*, filters: Filters, today: date | None = None) -> Figure:
    """How far the candidates who applied in the range have come, stage by stage: one query
    (plus one for the programs' grace months when no program is chosen). Renewed and lapsed
    are `certify/renewals`' rules (`renewals.api`), applied to the certificate the plan earned."""
    fee_paid = Exists(
        Invoice.objects.filter(
            user=OuterRef("candidate"),
            program=OuterRef("program"),
            kind=Invoice.Kind.ENROLLMENT,
            status=Invoice.Status.PAID,
        )
    )
    a_set_done = Exists(
        PlannedSet.objects.filter(application=OuterRef("pk"), status=PlannedSet.Status.SATISFIED)
    )
    accepted = Q(status=Status.ACCEPTED)
    totals = (
        _applications(filters)
        .annotate(fee_paid=fee_paid, a_set_done=a_set_done)
        .aggregate(
            applied=Count("pk"),
            accepted=Count("pk", filter=accepted),
            enrolled=Count("pk", filter=accepted & Q(fee_paid=True)),
            sets=Count("pk", filter=accepted & Q(a_set_done=True)),
            certified=Count("pk", filter=Q(certificate__status__in=ISSUED)),
            renewed=Count("pk", filter=renewed_q(prefix="certificate__", program=filters.program)),
            lapsed=Count(
                "pk", filter=lapsed_q(prefix="certificate__", program=filters.program, today=today)
            ),
        )
    )
    stages = [
        ("Applied", "applied"),
        ("Accepted", "accepted"),
        ("Enrolled (fee paid)", "enrolled"),
        ("Completed at least one set", "sets"),
        ("Certified", "certified"),
        ("Renewed", "renewed"),
        ("Lapsed", "lapsed"),
    ]
    rows: list[list[Cell]] = [[label, totals[key]] for label, key in stages]
    return Figure(
        key="funnel",
        title="From application to certificate",
        caption=(
            "Candidates who applied in the period, by how far they have come to date. Renewed: "
            "their certificate was replaced by a renewal; lapsed: not renewed by the end of the "
            "grace months after expiry."
        ),
        columns=[Column("Stage"), number("Candidates")],
        rows=rows if totals["applied"] else [],
        chart=Chart.HBAR,
        unit="Candidates",
    )


ROUTES = [
    (PlannedSet.Route.COURSE, "Approved course"),
    (PlannedSet.Route.PORTFOLIO, "Portfolio"),
    (PlannedSet.Route.PROGRAMME, "Recognized program"),
]


def sets_by_route(*, filters: Filters) -> Figure:
    rows_by_set: dict[int, dict] = {}
    grouped = (
        PlannedSet.objects.filter(
            filters.on_datetime("satisfied_at"),
            filters.for_program("application__program"),
            status=PlannedSet.Status.SATISFIED,
        )
        .values("competency_set_id", "competency_set__name", "competency_set__order", "route")
        .annotate(n=Count("pk"))
        .order_by("competency_set__order", "competency_set_id")
    )
    for row in grouped:
        entry = rows_by_set.setdefault(
            row["competency_set_id"], {"name": row["competency_set__name"], "routes": {}}
        )
        entry["routes"][row["route"]] = row["n"]
    rows: list[list[Cell]] = []
    for entry in rows_by_set.values():
        counts = [entry["routes"].get(route, 0) for route, _label in ROUTES]
        rows.append([entry["name"], *counts, sum(entry["routes"].values())])
    return Figure(
        key="sets-by-route",
        title="Sets completed by route",
        caption="Competency sets completed in the period, by how the candidate showed them.",
        columns=[
            Column("Competency set"),
            *[number(label) for _route, label in ROUTES],
            number("Total", charted=False),
        ],
        rows=rows,
        chart=Chart.STACKED,
        unit="Sets completed",
    )


def electives(*, filters: Filters) -> Figure:
    # Drafts are not chosen by anyone yet; published and retired versions' sets are.
    sets = (
        CompetencySet.objects.filter(
            filters.for_program("program"), kind=CompetencySet.Kind.ELECTIVE
        )
        .exclude(framework_version__status="draft")
        .order_by("program_id", "order", "pk")
    )
    chosen: dict[int, dict[str, Any]] = {
        row["competency_set_id"]: dict(row)
        for row in PlannedSet.objects.filter(
            filters.on_datetime("created_at"),
            filters.for_program("application__program"),
            competency_set__kind=CompetencySet.Kind.ELECTIVE,
        )
        .values("competency_set_id")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=PlannedSet.Status.SATISFIED)))
        .order_by()
    }
    rows: list[list[Cell]] = [
        [s.name, chosen.get(s.pk, {}).get("n", 0), chosen.get(s.pk, {}).get("done", 0)]
        for s in sets.only("pk", "name")
    ]
    return Figure(
        key="electives",
        title="Elective choices",
        caption="Electives chosen in the period, and how many of those are complete.",
        columns=[Column("Elective"), number("Chosen"), number("Completed")],
        rows=rows if chosen else [],
        chart=Chart.HBAR,
        unit="Candidates",
    )


def portfolio_outcomes(*, filters: Filters) -> Figure:
    grouped = (
        Submission.objects.filter(
            filters.on_datetime("decided_at"),
            filters.for_program("portfolio__planned_set__application__program"),
        )
        .exclude(outcome="")
        .values("outcome")
        .annotate(first=Count("pk", filter=Q(number=1)), again=Count("pk", filter=Q(number__gt=1)))
        .order_by()
    )
    found: dict[str, dict[str, Any]] = {row["outcome"]: dict(row) for row in grouped}
    rows: list[list[Cell]] = [
        [label, found.get(value, {}).get("first", 0), found.get(value, {}).get("again", 0)]
        for value, label in Outcome.choices
    ]
    return Figure(
        key="portfolio-outcomes",
        title="Portfolio outcomes",
        caption="Portfolio submissions decided in the period, first submissions and "
        "resubmissions after a request for more evidence.",
        columns=[Column("Outcome"), number("First submission"), number("Resubmission")],
        rows=rows if found else [],
        chart=Chart.STACKED,
        unit="Submissions",
    )


def reviewer_turnaround(*, filters: Filters) -> Figure:
    took = ExpressionWrapper(F("completed_at") - F("assigned_at"), DurationField())
    grouped = (
        ReviewAssignment.objects.filter(
            filters.on_datetime("completed_at"),
            filters.for_program("submission__portfolio__planned_set__application__program"),
            status=ReviewAssignment.Status.COMPLETED,
        )
        .annotate(took=took, completed_on=TruncDate("completed_at", tzinfo=filters.zone()))
        .values("reviewer_id", "reviewer__full_name", "reviewer__email")
        .annotate(
            on_time=Count("pk", filter=Q(completed_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(completed_on__gt=F("due_on"))),
            average=Avg("took"),
        )
        .order_by("reviewer__full_name", "reviewer_id")
    )
    # Each reviewer as a staff list names them (ADR 0016): a closed account by its candidate
    # number, never the closure's placeholder; the closed ones' numbers are read in one query.
    people = {
        row["reviewer_id"]: User(
            pk=row["reviewer_id"],
            full_name=row["reviewer__full_name"],
            email=row["reviewer__email"],
        )
        for row in grouped
    }
    references_attach(people.values())
    rows: list[list[Cell]] = [
        [
            listed_name(people[row["reviewer_id"]]),
            row["on_time"],
            row["late"],
            whole_days(row["average"]) if row["average"] is not None else None,
        ]
        for row in grouped
    ]
    return Figure(
        key="reviewer-turnaround",
        title="Reviewer turnaround",
        caption="Reviews completed in the period by each reviewer: on time (by the due day) or "
        "late, and the average days from assignment to completion.",
        columns=[
            Column("Reviewer"),
            number("On time"),
            number("Late"),
            number("Average days", charted=False),
        ],
        rows=rows,
        chart=Chart.STACKED,
        unit="Reviews",
    )


def scholarship_use(*, filters: Filters) -> Figure:
    funds = Fund.objects.all()
    if filters.program is not None:
        q = Q(program=filters.program)
        if filters.program.slug == settings.DEFAULT_PROGRAM:
            q |= Q(program__isnull=True)  # a fund without a program pays the default one
        funds = funds.filter(q)
    in_range = filters.on_date("awards__awarded_on")
    grouped = (
        funds.values("pk", "name", "currency", *FUND_COLUMNS)
        .annotate(
            n=Count("awards", filter=in_range),
            cents=Sum("awards__amount_cents", filter=in_range),
        )
        .order_by("sponsor__name", "name", "pk")
    )
    rows: list[list[Cell]] = [
        [
            row["name"],
            row["currency"],
            row["n"],
            Money(int(row["cents"] or 0), row["currency"]),
            *fund_money_today(row),
        ]
        for row in grouped
    ]
    return Figure(
        key="scholarships",
        title="Scholarship use per fund",
        caption=f"Awards made in the period, and each fund's money today: {MONEY_TODAY}.",
        columns=[
            Column("Fund"),
            Column("Currency"),
            number("Awards in the period", charted=False),
            number("Awarded in the period", charted=False),
            *money_today_columns(),
        ],
        rows=rows,
        chart=Chart.STACKED,
        unit="Money",
    )


def revenue(*, filters: Filters) -> Figure:
    period = filters.trunc("received_on")
    received = (
        Payment.objects.filter(
            filters.on_date("received_on"), filters.for_program("invoice__program")
        )
        .annotate(period=period)
        .values("period", "invoice__currency")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )
    refunded = (
        Refund.objects.filter(
            filters.on_date("refunded_on"), filters.for_program("invoice__program")
        )
        .annotate(period=filters.trunc("refunded_on"))
        .values("period", "invoice__currency")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )
    money: dict[tuple[date, str], list[int]] = {}
    for index, rows_ in enumerate((received, refunded)):
        for row in rows_:
            day = as_date(row["period"])
            if day is not None:
                money.setdefault((day, row["invoice__currency"]), [0, 0])[index] += int(
                    row["cents"] or 0
                )
    # With nothing received, the periods show zero in the program's currency (all programs'
    # when none is chosen), not in dollars.
    currencies = sorted({c for _p, c in money}) or (
        [filters.program.currency]
        if filters.program
        else sorted(set(Program.objects.values_list("currency", flat=True))) or ["USD"]
    )
    periods = filters.periods([p for p, _c in money])
    rows: list[list[Cell]] = []
    for day in periods:
        for currency in currencies:
            got, back = money.get((day, currency), [0, 0])
            rows.append(
                [
                    period_label(day, filters.period),
                    currency,
                    Money(got, currency),
                    Money(back, currency),
                    Money(got - back, currency),
                ]
            )
    return Figure(
        key="revenue",
        title="Revenue",
        caption="Payments received and refunds given in each period (all fees: enrollment, "
        "renewal, course approval).",
        columns=[
            Column("Period"),
            Column("Currency"),
            number("Received"),
            number("Refunded"),
            number("Net", charted=False),
        ],
        rows=rows if money or (filters.start and filters.end) else [],
        chart=Chart.BAR,
        unit="Money",
    )


STATUS_COLUMNS = [
    (Status.SUBMITTED, "Waiting for review"),
    (Status.MORE_INFO, "More information requested"),
    (Status.ACCEPTED, "Accepted"),
    (Status.REJECTED, "Not accepted"),
    (Status.WITHDRAWN, "Withdrawn"),
]


def candidates_by_library_type(*, filters: Filters) -> Figure:
    """Candidates by status and the kinds of workplace they worked in, named in each program's
    words and in its list's order (a kind the list no longer has: by its stored code). Over all
    programs, each row names its program; a program that asks no kind has no rows."""
    grouped = (
        ExperienceEntry.objects.filter(application__in=_applications(filters))
        .exclude(library_type="")
        .values("application__program", "library_type", "application__status")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    table: dict[tuple[int, str], dict[str, int]] = {}
    for row in grouped:
        key = (row["application__program"], row["library_type"])
        table.setdefault(key, {})[row["application__status"]] = row["n"]
    one = filters.program
    programs = (
        [one]
        if one is not None
        else Program.objects.filter(pk__in={p for p, _k in table}).order_by("name")
    )
    rows: list[list[Cell]] = []
    for program in programs:
        offered = [code for code, _label in kind_choices(program)]
        stored = sorted(k for p, k in table if p == program.pk and k not in offered)
        for code in [*offered, *stored]:
            if (program.pk, code) in table:
                counts = [table[program.pk, code].get(status, 0) for status, _l in STATUS_COLUMNS]
                named = [] if one is not None else [program.short_name or program.name]
                rows.append([*named, kind_label(program, code), *counts, sum(counts)])
    if one is not None:
        kind = one.experience_words.kind_label
        caption = (
            f"Candidates who applied in the period, by where their status stands now and the "
            f"{kind.lower()} they worked in (someone who worked in two counts in each)."
            if one.workplace_kinds
            else "This program asks candidates no kind of workplace, so there is nothing to count."
        )
    else:
        kind = "Kind of workplace"
        caption = (
            "Candidates who applied in the period, by where their status stands now and the "
            "kinds of workplace they worked in, in each program's own kinds (someone who worked "
            "in two counts in each). Programs that ask no kind have no rows."
        )
    return Figure(
        key="candidates-by-library",
        title=f"Candidates by application status and {kind.lower()}",
        caption=caption,
        columns=[
            *([] if one is not None else [Column("Program")]),
            Column(kind),
            *[number(label) for _s, label in STATUS_COLUMNS],
            number("Total", charted=False),
        ],
        rows=rows,
        chart=Chart.STACKED,
        unit="Candidates",
    )


def candidates_by_country(*, filters: Filters) -> Figure:
    grouped = (
        _applications(filters)
        .values("education_country")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(status=Status.ACCEPTED)))
        .order_by("-n", "education_country")
    )
    rows: list[list[Cell]] = [
        [
            countries.name(row["education_country"]) or "Not given",
            row["n"],
            row["accepted"],
        ]
        for row in grouped
    ]
    return Figure(
        key="candidates-by-country",
        title="Candidates by country of education",
        caption="Candidates who applied in the period, by the country of their education "
        "(outside the US, staff decide case by case).",
        columns=[Column("Country"), number("Applied"), number("Accepted")],
        rows=rows,
        chart=Chart.HBAR,
        unit="Candidates",
    )


FIGURES = {
    "ageing": ageing,
    "trends": trends,
    "funnel": funnel,
    "time-to-certify": time_to_certify,
    "sets-by-route": sets_by_route,
    "electives": electives,
    "portfolio-outcomes": portfolio_outcomes,
    "reviewer-turnaround": reviewer_turnaround,
    "scholarships": scholarship_use,
    "revenue": revenue,
    "candidates-by-library": candidates_by_library_type,
    "candidates-by-country": candidates_by_country,
}
