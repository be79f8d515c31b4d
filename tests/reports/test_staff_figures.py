"""Each figure of the staff dashboard against hand-built rows: the numbers a person would count."""

from datetime import date
from decimal import Decimal

from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.core.money import Money
from certify.portfolios.verdicts import Outcome
from certify.progress.models import PlannedSet
from certify.renewals.models import Renewal
from certify.reports.filters import Filters, Period
from certify.reports.selectors import staff
from tests.factories import FundFactory, UserFactory
from tests.reports.conftest import (
    applicant,
    award,
    certificate,
    invoice,
    payment,
    planned,
    refund,
    review,
    scholarship_application,
    submission,
)

ACCEPTED = Application.Status.ACCEPTED
YEAR_2025 = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))


def _in(program, **kwargs) -> Filters:
    return Filters(
        **{"start": date(2025, 1, 1), "end": date(2025, 12, 31), **kwargs}, program=program
    )


def test_funnel_counts_each_stage_for_candidates_who_applied_in_the_range(program):
    enrolled = date(2025, 2, 1)

    def far(app_status=ACCEPTED, *, paid=False, set_done=False, **cert):
        a = applicant(program, submitted=date(2025, 1, 15), status=app_status, enrolled_on=enrolled)
        if paid:
            invoice(a)
        if set_done:
            planned(a, "CORE", satisfied=date(2025, 6, 1))
        if cert:
            return a, certificate(a, **cert)
        return a, None

    far(Application.Status.SUBMITTED)  # applied only
    far()  # accepted, fee not paid
    far(paid=True, set_done=True)  # one set done
    far(paid=True, set_done=True, issued_on=date(2025, 8, 1), expires_on=date(2026, 4, 1))
    _renewed, old = far(
        paid=True,
        set_done=True,
        issued_on=date(2025, 8, 1),
        status=Certificate.Status.REPLACED,
    )
    Renewal.objects.create(
        certificate=old,
        holder=old.holder,
        program=program,
        status=Renewal.Status.APPROVED,
        hours_total=Decimal(32),
        hours_technology=Decimal(4),
        audit_percent=0,
        audit_seed="0",
        audit_roll=0,
    )
    # Expired March 31, 2026; two months' grace end on 31 May: lapsed on 1 June.
    far(paid=True, set_done=True, issued_on=date(2025, 8, 1), expires_on=date(2026, 3, 31))
    applicant(program, submitted=date(2024, 12, 31), status=ACCEPTED)  # before the range
    applicant(program, submitted=date(2025, 3, 1), status=Application.Status.DRAFT)

    figure = staff.funnel(filters=_in(program), today=date(2026, 6, 1))

    assert figure.rows == [
        ["Applied", 6],
        ["Accepted", 5],
        ["Enrolled (fee paid)", 4],
        ["Completed at least one set", 4],
        ["Certified", 3],
        ["Renewed", 1],
        ["Lapsed", 1],
    ]
    # On the last day of grace it has not lapsed yet.
    assert staff.funnel(filters=_in(program), today=date(2026, 5, 31)).rows[-1] == ["Lapsed", 0]


def test_funnel_is_empty_without_applications(program):
    assert staff.funnel(filters=_in(program)).rows == []


def test_time_to_certify_puts_each_certificate_in_its_band_and_averages_days(program):
    for enrolled, issued in [
        (date(2025, 1, 1), date(2025, 3, 1)),  # 59 days
        (date(2024, 12, 1), date(2025, 5, 31)),  # 181 days
        (date(2024, 7, 1), date(2025, 6, 30)),  # 364 days
        (date(2021, 1, 1), date(2025, 7, 1)),  # over 4 years
    ]:
        a = applicant(program, submitted=enrolled, status=ACCEPTED, enrolled_on=enrolled)
        certificate(a, issued_on=issued)
    outside = applicant(
        program, submitted=date(2024, 1, 1), status=ACCEPTED, enrolled_on=date(2024, 1, 1)
    )
    certificate(outside, issued_on=date(2026, 1, 1))

    figure = staff.time_to_certify(filters=_in(program))

    assert figure.rows == [
        ["Under 6 months", 2],
        ["6 to 12 months", 1],
        ["1 to 2 years", 0],
        ["2 to 3 years", 0],
        ["3 to 4 years", 0],
        ["4 years or more", 1],
    ]
    days = (59 + 181 + 364 + (date(2025, 7, 1) - date(2021, 1, 1)).days) / 4
    assert f"On average {round(days)} days." in figure.caption


def test_sets_by_route_counts_sets_completed_in_the_range_per_set_and_route(program):
    a = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    b = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    planned(a, "CORE", route=PlannedSet.Route.COURSE, satisfied=date(2025, 2, 1))
    planned(b, "CORE", route=PlannedSet.Route.PORTFOLIO, satisfied=date(2025, 3, 1))
    planned(a, "REF", route=PlannedSet.Route.PROGRAMME, satisfied=date(2025, 4, 1))
    planned(b, "REF", route=PlannedSet.Route.PORTFOLIO, satisfied=date(2026, 1, 1))  # later
    planned(b, "YTH", route=PlannedSet.Route.COURSE)  # not complete

    figure = staff.sets_by_route(filters=_in(program))

    assert figure.rows == [["Foundations", 1, 1, 0, 2], ["Reference", 0, 0, 1, 1]]


def test_electives_lists_every_elective_with_choices_and_completions(program):
    a = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    b = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    planned(a, "REF", chosen=date(2025, 2, 1), satisfied=date(2025, 5, 1))
    planned(b, "REF", chosen=date(2025, 2, 1))
    planned(a, "CORE", chosen=date(2025, 2, 1))  # a core set is not a choice
    planned(b, "YTH", chosen=date(2024, 2, 1))  # chosen before the range

    assert staff.electives(filters=_in(program)).rows == [["Reference", 2, 1], ["Youth", 0, 0]]


def test_portfolio_outcomes_split_first_submissions_from_resubmissions(program):
    a = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    b = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    pa = planned(a, "CORE", route=PlannedSet.Route.PORTFOLIO)
    pb = planned(b, "CORE", route=PlannedSet.Route.PORTFOLIO)
    submission(pa, outcome=Outcome.MORE_EVIDENCE, decided=date(2025, 3, 1))
    submission(pa, outcome=Outcome.PASSED, decided=date(2025, 5, 1), number=2)
    submission(pb, outcome=Outcome.PASSED, decided=date(2025, 4, 1))
    submission(
        planned(b, "REF", route="portfolio"), outcome=Outcome.FAILED, decided=date(2026, 1, 5)
    )

    assert staff.portfolio_outcomes(filters=_in(program)).rows == [
        ["Met: the set is complete", 1, 1],
        ["More evidence needed", 1, 0],
        ["Not met: final for the portfolio route", 0, 0],
    ]


def test_reviewer_turnaround_counts_on_time_and_late_and_averages_days(program):
    ada = UserFactory(full_name="Ada Reviewer")
    ben = UserFactory(full_name="Ben Reviewer")
    a = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    sub = submission(
        planned(a, "CORE", route="portfolio"), outcome="passed", decided=date(2025, 3, 1)
    )
    b = applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED)
    sub2 = submission(
        planned(b, "CORE", route="portfolio"), outcome="passed", decided=date(2025, 3, 1)
    )
    review(sub, ada, assigned=date(2025, 2, 1), completed=date(2025, 2, 11), due=date(2025, 2, 22))
    review(sub2, ada, assigned=date(2025, 2, 1), completed=date(2025, 2, 22), due=date(2025, 2, 22))
    review(sub, ben, assigned=date(2025, 2, 1), completed=date(2025, 3, 3), due=date(2025, 2, 22))

    assert staff.reviewer_turnaround(filters=_in(program)).rows == [
        ["Ada Reviewer", 2, 0, 16],  # 10 and 21 days
        ["Ben Reviewer", 0, 1, 30],
    ]


def test_scholarship_use_counts_awards_in_the_range_and_money_today(program):
    fund = FundFactory(
        name="Enrollment help", program=program, committed_cents=20_000, paid_cents=20_000
    )
    award(
        scholarship_application(fund, submitted=date(2025, 1, 1), status="awarded"),
        on=date(2025, 2, 1),
    )
    award(
        scholarship_application(fund, submitted=date(2025, 1, 1), status="awarded"),
        on=date(2024, 2, 1),
    )
    FundFactory(name="Another program's fund")  # a program of its own: left out

    figure = staff.scholarship_use(filters=_in(program))

    usd = lambda cents: Money(cents, "USD")  # noqa: E731
    assert figure.rows == [
        ["Enrollment help", "USD", 1, usd(20_000), usd(20_000), usd(20_000), usd(60_000)]
    ]


def test_revenue_sums_payments_and_refunds_per_month_and_quarter(program):
    a = applicant(program, submitted=date(2025, 1, 1))
    first = payment(invoice(a), cents=35_000, on=date(2025, 1, 31))
    payment(
        invoice(applicant(program, submitted=date(2025, 1, 1))), cents=32_500, on=date(2025, 3, 1)
    )
    refund(first, cents=35_000, on=date(2025, 2, 3))
    payment(invoice(applicant(program, submitted=date(2025, 1, 1))), cents=100, on=date(2025, 4, 1))

    months = staff.revenue(filters=_in(program, end=date(2025, 3, 31)))
    usd = lambda cents: Money(cents, "USD")  # noqa: E731
    assert months.rows == [
        ["Jan 2025", "USD", usd(35_000), usd(0), usd(35_000)],
        ["Feb 2025", "USD", usd(0), usd(35_000), usd(-35_000)],
        ["Mar 2025", "USD", usd(32_500), usd(0), usd(32_500)],
    ]
    quarters = staff.revenue(filters=_in(program, end=date(2025, 6, 30), period=Period.QUARTER))
    assert quarters.rows == [
        ["2025 Q1", "USD", usd(67_500), usd(35_000), usd(32_500)],
        ["2025 Q2", "USD", usd(100), usd(0), usd(100)],
    ]


def test_candidates_by_library_type_and_status_count_each_candidate_once_per_type(program):
    applicant(program, submitted=date(2025, 1, 1), library_types=("public", "public", "school"))
    applicant(program, submitted=date(2025, 1, 1), status=ACCEPTED, library_types=("public",))
    applicant(program, submitted=date(2025, 1, 1), status="rejected", library_types=("academic",))

    assert staff.candidates_by_library_type(filters=_in(program)).rows == [
        ["Public", 1, 0, 1, 0, 0, 2],
        ["Academic", 0, 0, 0, 1, 0, 1],
        ["School", 1, 0, 0, 0, 0, 1],
    ]


def test_candidates_by_country_counts_applied_and_accepted(program):
    applicant(program, submitted=date(2025, 1, 1), country="US", status=ACCEPTED)
    applicant(program, submitted=date(2025, 1, 1), country="US")
    applicant(program, submitted=date(2025, 1, 1), country="CA")

    assert staff.candidates_by_country(filters=_in(program)).rows == [
        ["United States of America", 2, 1],
        ["Canada", 1, 0],
    ]


def test_program_filter_leaves_other_programs_out(program):
    from tests.factories import ProgramFactory

    other = ProgramFactory()
    applicant(other, submitted=date(2025, 1, 1))
    applicant(program, submitted=date(2025, 1, 1))

    assert staff.funnel(filters=_in(program)).rows[0] == ["Applied", 1]
    assert staff.funnel(filters=YEAR_2025).rows[0] == ["Applied", 2]


def test_time_to_certify_is_never_negative_and_says_what_it_left_out(program):
    # A holder certified before the program ran here, recorded with an acceptance dated after
    # the certificate (as the demo's renewal holders were): counted it gave "-1188 days".
    a = applicant(
        program, submitted=date(2025, 1, 1), status=ACCEPTED, enrolled_on=date(2025, 1, 1)
    )
    certificate(a, issued_on=date(2025, 1, 31))  # 30 days
    b = applicant(
        program, submitted=date(2025, 1, 1), status=ACCEPTED, enrolled_on=date(2025, 2, 1)
    )
    certificate(b, issued_on=date(2025, 3, 3))  # 30 days
    c = applicant(
        program, submitted=date(2025, 1, 1), status=ACCEPTED, enrolled_on=date(2028, 6, 1)
    )
    certificate(c, issued_on=date(2025, 6, 1))  # 1,096 days before its acceptance
    d = applicant(
        program, submitted=date(2025, 1, 1), status=ACCEPTED, enrolled_on=date(2025, 6, 1)
    )
    certificate(d, issued_on=date(2025, 6, 1))  # the same day: 0 days, counted

    figure = staff.time_to_certify(filters=_in(program))

    assert figure.rows[0] == ["Under 6 months", 3]
    assert sum(row[1] for row in figure.rows) == 3
    assert "On average 20 days." in figure.caption  # (30 + 30 + 0) / 3
    assert "Left out: 1 certificate dated before the acceptance" in figure.caption
    assert "-" not in figure.caption


def test_revenue_with_nothing_received_is_zero_in_the_programs_currency(program):
    """Not in dollars, whether a program is chosen or not."""
    type(program).objects.update(currency="EUR")
    program.refresh_from_db()
    quarter = {"start": date(2025, 1, 1), "end": date(2025, 3, 31), "period": Period.QUARTER}
    zero = ["2025 Q1", "EUR", Money(0, "EUR"), Money(0, "EUR"), Money(0, "EUR")]
    assert staff.revenue(filters=Filters(**quarter)).rows == [zero]
    assert staff.revenue(filters=Filters(**quarter, program=program)).rows == [zero]
