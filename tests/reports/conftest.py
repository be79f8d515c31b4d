"""Hand-built data for the reports: each helper makes exactly the rows a figure counts, with
dates given, so that every expected number can be read off the test."""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from certify.applications.models import Application, ExperienceEntry
from certify.certificates.models import Certificate
from certify.payments.models import Invoice, Payment, Refund
from certify.portfolios.models import Portfolio, ReviewAssignment, Submission
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet
from certify.scholarships.models import Award, ScholarshipApplication
from tests.factories import ApplicationFactory, CompetencySetFactory, ProgramFactory, UserFactory

_numbers = itertools.count(900_001)  # clear of invoices numbered by the services


def at(day: date, hour: int = 12) -> datetime:
    """Noon (by default) on `day`, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def program(db):
    program = ProgramFactory()
    CompetencySetFactory(program=program, code="CORE", name="Foundations", order=1)
    CompetencySetFactory(
        program=program, code="REF", name="Reference", kind=CompetencySet.Kind.ELECTIVE, order=2
    )
    CompetencySetFactory(
        program=program, code="YTH", name="Youth", kind=CompetencySet.Kind.ELECTIVE, order=3
    )
    return program


def competency_set(program, code: str) -> CompetencySet:
    return CompetencySet.objects.get(program=program, code=code)


def applicant(
    program,
    *,
    submitted: date,
    status: str = Application.Status.SUBMITTED,
    enrolled_on: date | None = None,
    country: str = "US",
    library_types: tuple[str, ...] = ("public",),
    name: str = "",
) -> Application:
    candidate = UserFactory(**({"full_name": name} if name else {}))
    application = ApplicationFactory(
        candidate=candidate,
        program=program,
        status=status,
        submitted_at=at(submitted),
        enrolled_on=enrolled_on,
        education_country=country,
    )
    for library_type in library_types:
        ExperienceEntry.objects.create(
            application=application,
            library_name=f"{library_type} library",
            library_type=library_type,
            role="Assistant",
            start_date=submitted - timedelta(days=400),
            hours_per_week=Decimal(35),
        )
    return application


def invoice(application: Application, *, kind: str = Invoice.Kind.ENROLLMENT, status="paid"):
    n = next(_numbers)
    return Invoice.objects.create(
        program=application.program,
        number=n,
        code=f"T-{n:06d}",
        user=application.candidate,
        kind=kind,
        status=status,
        currency="USD",
        bill_to_name="Someone",
        bill_to_email=application.candidate.email,
        issued_on=date(2025, 1, 1),
        due_on=date(2025, 2, 1),
        total_cents=35000,
    )


def payment(inv: Invoice, *, cents: int, on: date) -> Payment:
    return Payment.objects.create(invoice=inv, amount_cents=cents, method="cheque", received_on=on)


def refund(pay: Payment, *, cents: int, on: date) -> Refund:
    return Refund.objects.create(
        invoice=pay.invoice, payment=pay, amount_cents=cents, reason="Not eligible", refunded_on=on
    )


def planned(
    application: Application,
    code: str,
    *,
    route: str = PlannedSet.Route.COURSE,
    satisfied: date | None = None,
    chosen: date | None = None,
) -> PlannedSet:
    row = PlannedSet.objects.create(
        application=application,
        competency_set=competency_set(application.program, code),
        route=route,
        status=PlannedSet.Status.SATISFIED if satisfied else PlannedSet.Status.IN_PROGRESS,
        satisfied_at=at(satisfied) if satisfied else None,
    )
    if chosen:
        PlannedSet.objects.filter(pk=row.pk).update(created_at=at(chosen))
    return row


def certificate(
    application: Application,
    *,
    issued_on: date,
    expires_on: date | None = None,
    status: str = Certificate.Status.VALID,
) -> Certificate:
    n = next(_numbers)
    return Certificate.objects.create(
        application=application,
        holder=application.candidate,
        program=application.program,
        number=f"T-{issued_on.year}-{n:06d}",
        status=status,
        issued_on=issued_on,
        expires_on=expires_on or issued_on.replace(year=issued_on.year + 5) - timedelta(days=1),
    )


def submission(
    planned_set: PlannedSet, *, outcome: str, decided: date, number: int = 1
) -> Submission:
    portfolio, _ = Portfolio.objects.get_or_create(planned_set=planned_set)
    return Submission.objects.create(
        portfolio=portfolio, number=number, snapshot={}, outcome=outcome, decided_at=at(decided)
    )


def review(sub: Submission, reviewer, *, assigned: date, completed: date, due: date):
    assignment = ReviewAssignment.objects.create(
        submission=sub,
        reviewer=reviewer,
        due_on=due,
        status=ReviewAssignment.Status.COMPLETED,
        completed_at=at(completed),
        verdict="met",
    )
    ReviewAssignment.objects.filter(pk=assignment.pk).update(assigned_at=at(assigned))
    return assignment


def scholarship_application(fund, *, submitted: date, status="submitted", state=""):
    row = ScholarshipApplication.objects.create(
        fund=fund,
        applicant=UserFactory(),
        purpose="enrollment",
        statement="Please.",
        status=status,
        state_of_employment=state,
    )
    ScholarshipApplication.objects.filter(pk=row.pk).update(submitted_at=at(submitted))
    return row


def award(application: ScholarshipApplication, *, on: date, cents: int = 20_000) -> Award:
    return Award.objects.create(
        application=application,
        fund=application.fund,
        recipient=application.applicant,
        purpose="enrollment",
        amount_cents=cents,
        awarded_on=on,
        use_by=on + timedelta(days=365),
    )
