"""The sponsor's dashboard: only the funds the person runs (program staff: every fund)."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from certify.core.money import Money
from certify.reports.figures import Cell, Chart, Column, Figure, number
from certify.reports.filters import Filters, as_date, period_label
from certify.reports.selectors.funds import (
    FUND_COLUMNS,
    MONEY_TODAY,
    fund_money_today,
    money_today_columns,
)
from certify.scholarships.models import Award, Fund, ScholarshipApplication

AppStatus = ScholarshipApplication.Status


def fund_money(*, filters: Filters, funds: QuerySet[Fund]) -> Figure:
    grouped = funds.values("name", "currency", *FUND_COLUMNS).order_by(
        "sponsor__name", "name", "pk"
    )
    rows: list[list[Cell]] = [
        [
            row["name"],
            row["currency"],
            Money(row["budget_cents"], row["currency"]),
            *fund_money_today(row),
        ]
        for row in grouped
    ]
    return Figure(
        key="funds",
        title="Your funds' money",
        caption=f"Each fund's budget today: {MONEY_TODAY}. The date range does not change these.",
        columns=[
            Column("Fund"),
            Column("Currency"),
            number("Budget", charted=False),
            *money_today_columns(),
        ],
        rows=rows,
        chart=Chart.STACKED,
        unit="Money",
    )


def awards_over_time(*, filters: Filters, funds: QuerySet[Fund]) -> Figure:
    grouped = (
        Award.objects.filter(filters.on_date("awarded_on"), fund__in=funds.values("pk"))
        .annotate(period=filters.trunc("awarded_on"))
        .values("period", "fund__currency")
        .annotate(n=Count("pk"), cents=Sum("amount_cents"))
        .order_by()
    )
    found: dict[tuple[date | None, str], dict] = {
        (as_date(r["period"]), r["fund__currency"]): dict(r) for r in grouped
    }
    # With no award, the periods show zero in the funds' own currencies, not in dollars.
    currencies = sorted({c for _p, c in found}) or (
        sorted(set(funds.values_list("currency", flat=True))) or ["USD"]
    )
    rows: list[list[Cell]] = []
    for day in filters.periods([p for p, _c in found if p is not None]):
        for currency in currencies:
            row = found.get((day, currency), {})
            rows.append(
                [
                    period_label(day, filters.period),
                    currency,
                    row.get("n", 0),
                    Money(int(row.get("cents") or 0), currency),
                ]
            )
    return Figure(
        key="awards-over-time",
        title="Awards over time",
        caption="Awards made in each period (including any later withdrawn or expired).",
        columns=[
            Column("Period"),
            Column("Currency"),
            number("Awards"),
            number("Amount", charted=False),
        ],
        rows=rows if found or (filters.start and filters.end) else [],
        chart=Chart.LINE,
        unit="Awards",
    )


def applicants_vs_awarded(*, filters: Filters, funds: QuerySet[Fund]) -> Figure:
    in_range = filters.on_datetime("applications__submitted_at")
    grouped = (
        funds.values("pk", "name")
        .annotate(
            applied=Count("applications", filter=in_range),
            awarded=Count(
                "applications", filter=in_range & Q(applications__status=AppStatus.AWARDED)
            ),
            declined=Count(
                "applications", filter=in_range & Q(applications__status=AppStatus.DECLINED)
            ),
            waiting=Count(
                "applications", filter=in_range & Q(applications__status=AppStatus.SUBMITTED)
            ),
        )
        .order_by("sponsor__name", "name", "pk")
    )
    rows: list[list[Cell]] = [
        [r["name"], r["applied"], r["awarded"], r["declined"], r["waiting"]] for r in grouped
    ]
    return Figure(
        key="applicants",
        title="Applicants and awards per fund",
        caption="Applications made in the period, and where they stand now.",
        columns=[
            Column("Fund"),
            number("Applications"),
            number("Awarded"),
            number("Not awarded", charted=False),
            number("Waiting", charted=False),
        ],
        rows=rows if any(r[1] for r in rows) else [],
        chart=Chart.BAR,
        unit="Applications",
    )


def per_state(*, filters: Filters, funds: QuerySet[Fund]) -> Figure:
    grouped = (
        ScholarshipApplication.objects.filter(
            filters.on_datetime("submitted_at"), fund__in=funds.values("pk")
        )
        .values("state_of_employment")
        .annotate(n=Count("pk"), awarded=Count("pk", filter=Q(status=AppStatus.AWARDED)))
        .order_by("state_of_employment")
    )
    rows: list[list[Cell]] = [
        [r["state_of_employment"] or "Not given", r["n"], r["awarded"]] for r in grouped
    ]
    return Figure(
        key="states",
        title="Applicants per state",
        caption="Applications made in the period, by the state of employment the applicant "
        "gave, and how many were awarded.",
        columns=[Column("State"), number("Applications"), number("Awarded")],
        rows=rows,
        chart=Chart.BAR,
        unit="Applications",
    )


FIGURES = {
    "funds": fund_money,
    "awards-over-time": awards_over_time,
    "applicants": applicants_vs_awarded,
    "states": per_state,
}
