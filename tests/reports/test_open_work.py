"""The staff dashboard's trends and open work against hand-built rows: month by month over the
last twelve months, and each kind of open work on time, due soon or overdue on a given day."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from certify.appeals.models import Appeal
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.portfolios.models import ReviewAssignment
from certify.renewals.models import Renewal
from certify.reports.figures import Linked
from certify.reports.filters import Filters
from certify.reports.selectors.ageing import buckets
from certify.reports.selectors.staff import FIGURES
from certify.reports.selectors.trends import months_ending
from tests.factories import ProgramFactory, UserFactory
from tests.renewals.conftest import in_audit
from tests.reports.conftest import applicant, at, certificate, planned, submission

ACCEPTED = Application.Status.ACCEPTED
TODAY = date(2026, 6, 15)


def _renewal(cert, *, status, decided=None):
    row = Renewal.objects.create(
        certificate=cert,
        holder=cert.holder,
        program=cert.program,
        status=status,
        hours_total=Decimal(32),
        hours_technology=Decimal(4),
        audit_percent=0,
        audit_seed="0",
        audit_roll=0,
        decided_at=at(decided) if decided else None,
    )
    return row


def _decided(program, *, on: date, status=ACCEPTED):
    a = applicant(program, submitted=on - timedelta(days=10), status=status)
    Application.objects.filter(pk=a.pk).update(decided_at=at(on))
    return a


# --- Trends ------------------------------------------------------------------------------


def test_months_ending_counts_back_across_a_new_year():
    months = months_ending(date(2026, 2, 10))
    assert months[0] == date(2025, 3, 1)
    assert months[-1] == date(2026, 2, 1)
    assert len(months) == 12


def test_trends_count_each_month_and_show_empty_months_as_zero(program):
    # Received: two in January 2026, one in March; one in May 2025 is before the twelve months.
    applicant(program, submitted=date(2026, 1, 5))
    applicant(program, submitted=date(2026, 1, 31))
    applicant(program, submitted=date(2026, 3, 1))
    applicant(program, submitted=date(2025, 5, 31))
    applicant(program, submitted=date(2026, 3, 2), status=Application.Status.DRAFT)  # never sent
    # Decided: an acceptance and a refusal in April (each also received in March/April).
    _decided(program, on=date(2026, 4, 2))
    _decided(program, on=date(2026, 4, 30), status=Application.Status.REJECTED)
    # Issued: one earned certificate in February; a renewal's certificate is a renewal.
    earned = certificate(
        applicant(program, submitted=date(2024, 1, 1), status=ACCEPTED),
        issued_on=date(2026, 2, 14),
    )
    Certificate.objects.create(
        holder=earned.holder,
        program=program,
        number="T-RENEWED-1",
        status=Certificate.Status.VALID,
        issued_on=date(2026, 5, 1),
        expires_on=date(2031, 5, 1),
    )
    # Renewals approved: one in May; one refused in May does not count.
    _renewal(earned, status=Renewal.Status.APPROVED, decided=date(2026, 5, 1))
    _renewal(earned, status=Renewal.Status.REFUSED, decided=date(2026, 5, 3))

    figure = FIGURES["trends"](filters=Filters(program=program), today=TODAY)

    assert [row[0] for row in figure.rows] == [
        "Jul 2025", "Aug 2025", "Sep 2025", "Oct 2025", "Nov 2025", "Dec 2025",
        "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026",
    ]  # fmt: skip
    by_month = {row[0]: row[1:] for row in figure.rows}
    assert by_month["Jan 2026"] == [2, 0, 0, 0]
    assert by_month["Feb 2026"] == [0, 0, 1, 0]
    # March: one received; the two decided in April were received on March 23 and April 20.
    assert by_month["Mar 2026"] == [2, 0, 0, 0]
    assert by_month["Apr 2026"] == [1, 2, 0, 0]
    assert by_month["May 2026"] == [0, 0, 0, 1]
    assert by_month["Jul 2025"] == [0, 0, 0, 0]
    assert sum(row[1] for row in figure.rows) == 5
    assert figure.is_count


def test_trends_end_with_the_month_the_range_ends(program):
    applicant(program, submitted=date(2025, 12, 31))
    figure = FIGURES["trends"](filters=Filters(end=date(2025, 12, 31), program=program))
    assert figure.rows[-1] == ["Dec 2025", 1, 0, 0, 0]
    assert figure.rows[0][0] == "Jan 2025"


# --- Ageing ----------------------------------------------------------------------------------


def test_buckets_put_today_and_a_week_ahead_in_due_soon_and_yesterday_in_overdue():
    day = date(2026, 6, 15)
    pairs = [
        (day - timedelta(days=1), 1),  # overdue
        (day, 2),  # due today: soon
        (day + timedelta(days=7), 4),  # soon
        (day + timedelta(days=8), 8),  # on time
    ]
    assert buckets(pairs, today=day) == (8, 6, 1)


def _counts(row):
    return [cell.count if isinstance(cell, Linked) else cell for cell in row[2:]]


def test_open_work_counts_each_kind_against_its_deadline(program):
    program.target_application_days = 14
    program.target_portfolio_review_days = 30
    program.target_renewal_days = 21
    program.appeal_grounds_days = 30
    program.save()
    day = TODAY
    # Applications waiting for a decision: submitted 20 days ago (target passed 6 days ago),
    # 10 days ago (due in 4 days) and today (due in 14 days). Asked for more: the candidate's turn.
    for ago in (20, 10, 0):
        applicant(program, submitted=day - timedelta(days=ago))
    applicant(program, submitted=day - timedelta(days=40), status=Application.Status.MORE_INFO)
    # Portfolios: one submitted 31 days ago with no outcome (overdue); reviews due yesterday and
    # in 10 days; a completed review is not open work.
    a = applicant(program, submitted=day - timedelta(days=300), status=ACCEPTED)
    sub = submission(planned(a, "CORE", route="portfolio"), outcome="", decided=day)
    from certify.portfolios.models import Submission

    Submission.objects.filter(pk=sub.pk).update(
        submitted_at=at(day - timedelta(days=31)), decided_at=None
    )
    for due, status in [
        (day - timedelta(days=1), ReviewAssignment.Status.ASSIGNED),
        (day + timedelta(days=10), ReviewAssignment.Status.ASSIGNED),
        (day - timedelta(days=50), ReviewAssignment.Status.COMPLETED),
    ]:
        ReviewAssignment.objects.create(
            submission=sub, reviewer=UserFactory(), due_on=due, status=status
        )
    # Appeals: notice given on a decision 25 days ago (grounds due in 5 days); grounds given
    # 20 days ago (decision target of 14 days passed).
    rejected = applicant(program, submitted=day - timedelta(days=60), status="rejected")
    kind = ContentType.objects.get_for_model(Application)
    Appeal.objects.create(
        subject_type=kind,
        subject_id=rejected.pk,
        program=program,
        appellant=rejected.candidate,
        decided_at=at(day - timedelta(days=25)),
        status=Appeal.Status.NOTICE_GIVEN,
    )
    other = applicant(program, submitted=day - timedelta(days=90), status="rejected")
    Appeal.objects.create(
        subject_type=kind,
        subject_id=other.pk,
        program=program,
        appellant=other.candidate,
        decided_at=at(day - timedelta(days=60)),
        grounds_at=at(day - timedelta(days=20)),
        status=Appeal.Status.GROUNDS_SUBMITTED,
    )
    # Renewals being checked: asked for 2 days ago (due in 19 days).
    cert = certificate(
        applicant(program, submitted=date(2020, 1, 1), status=ACCEPTED),
        issued_on=date(2021, 1, 1),
    )
    audited = in_audit(cert)
    Renewal.objects.filter(pk=audited.pk).update(submitted_at=at(day - timedelta(days=2)))
    # Candidates to finish: deadlines in 3 days and a year ago; a certified one is done.
    for deadline in (day + timedelta(days=3), day - timedelta(days=365)):
        late = applicant(program, submitted=date(2020, 1, 1), status=ACCEPTED)
        Application.objects.filter(pk=late.pk).update(completion_deadline=deadline)
    Application.objects.filter(pk=cert.application_id).update(
        completion_deadline=day - timedelta(days=30)
    )
    # Another program's work is left out when a program is chosen.
    applicant(ProgramFactory(), submitted=day - timedelta(days=30))

    figure = FIGURES["ageing"](filters=Filters(program=program), today=day)

    rows = {row[0]: _counts(row) for row in figure.rows}
    #                               on time, soon, overdue, total
    assert rows == {
        "Applications to decide": [1, 1, 1, 3],
        "Portfolios to decide": [0, 0, 1, 1],
        "Reviews": [1, 0, 1, 2],
        "Appeal grounds": [0, 1, 0, 1],
        "Appeals to decide": [0, 0, 1, 1],
        "Renewals to check": [1, 0, 0, 1],
        "Candidates to finish": [0, 1, 1, 2],
    }
    queue = reverse("applications:queue") + "?status=submitted"
    first = figure.rows[0]
    assert first[2] == Linked(1, queue)
    assert first[5] == Linked(3, queue)
    assert figure.rows[1][2] == 0  # a zero is not a link
    assert not any(isinstance(cell, Linked) for cell in figure.rows[-1])  # no queue for it
    assert figure.row_label(first) == "Applications to decide"  # the deadline is table-only
    assert FIGURES["ageing"](filters=Filters(), today=day).rows[0][5].count == 4


def test_open_work_is_empty_when_nothing_waits(program):
    assert FIGURES["ageing"](filters=Filters(program=program), today=TODAY).rows == []
