import shutil

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.portfolios import services
from certify.portfolios.models import ReviewerProfile, Submission
from certify.portfolios.services import learning_statement_save, portfolio_open, response_save
from certify.programs.models import CompetencySet
from certify.progress.services import plan_ensure, route_choose
from tests import files
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory

PDF = files.PDF  # a real PDF: uploads are opened, not only typed


@pytest.fixture(autouse=True, scope="session")
def _clean_private_storage():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


def enroll(program):
    """Dana Okafor, accepted into `program` and her enrollment fee paid (the `enrolled` fixture;
    also for rows built once per module, `tests/shared.py`)."""
    candidate = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=program, status=Application.Status.ACCEPTED
    )
    ExperienceEntryFactory(application=application, library_name="Riverside Public Library")
    settle_enrollment(application)
    return application


@pytest.fixture
def enrolled(lsscp):
    return enroll(lsscp)


def settle_enrollment(application):
    """Pay the enrollment fee (by cheque) so that the candidate is fully enrolled."""
    from certify.payments.api import enrollment_invoice_get_or_create
    from certify.payments.models import Payment
    from certify.payments.services import payment_record

    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(
        user=application.candidate, program=application.program, actor=staff
    )
    payment_record(
        invoice=invoice,
        amount=invoice.total,
        method=Payment.Method.CHEQUE,
        reference=f"Check {invoice.pk}",
        actor=staff,
    )


def plan_portfolio(application):
    """The application's plan, with Portfolio chosen for CT (the `planned` fixture)."""
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="CT")
    return route_choose(planned=row, actor=application.candidate, route="portfolio")


@pytest.fixture
def planned(enrolled):
    return plan_portfolio(enrolled)


@pytest.fixture
def portfolio(planned):
    return portfolio_open(planned=planned, actor=planned.application.candidate)


def complete(portfolio):
    """Every competency answered and the learning statement written (`complete_portfolio`)."""
    actor = portfolio.planned_set.application.candidate
    for response in portfolio.responses.all():
        response_save(
            response=response,
            actor=actor,
            narrative=f"At the desk I {response.competency.code} every day.",
        )
    learning_statement_save(portfolio=portfolio, actor=actor, text="I learned to listen first.")
    return portfolio


@pytest.fixture
def complete_portfolio(portfolio):
    return complete(portfolio)


def make_reviewer(name, *, sets=("CT",), employer="", capacity=5):
    user = UserFactory(full_name=name, roles=[Role.REVIEWER])
    profile = ReviewerProfile.objects.create(user=user, employer=employer, capacity=capacity)
    profile.expertise.set(CompetencySet.objects.filter(code__in=sets))
    return user


def make_reviewers():
    """Three reviewers of CT (the `reviewers` fixture)."""
    return [
        make_reviewer("Rita Reviewer"),
        make_reviewer("Ravi Reader"),
        make_reviewer("Rosa Rater"),
    ]


@pytest.fixture
def reviewers(lsscp):
    return make_reviewers()


def pdf_upload(name="evidence.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pass_every_review(submission):
    """Each assigned reviewer rates every competency Met and completes the review."""
    from certify.portfolios import services

    for assignment in submission.assignments.all():
        for row in assignment.ratings.all():
            services.rating_save(
                assignment=assignment,
                actor=assignment.reviewer,
                competency_id=row.competency_id,
                rating="met",
                comment="",
            )
        services.assessment_complete(assignment=assignment, actor=assignment.reviewer, comment="")


def owner(portfolio):
    return portfolio.planned_set.application.candidate


def _submission_for(candidate, reviewer):
    """Another open review for `reviewer` (to load them)."""
    from certify.portfolios.models import ReviewAssignment
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(
        candidate=candidate,
        status="accepted",
        program=reviewer.reviewer_profile.expertise.first().program,
    )
    from certify.progress.services import plan_ensure, route_choose

    plan_ensure(application=app)
    row = route_choose(
        planned=app.planned_sets.get(competency_set__code="CT"), actor=candidate, route="portfolio"
    )
    portfolio = services.portfolio_open(planned=row, actor=candidate)
    submission = Submission.objects.create(portfolio=portfolio, number=1, snapshot={})
    return ReviewAssignment.objects.create(
        submission=submission, reviewer=reviewer, due_on=timezone.localdate()
    )


def _rate(assignment, ratings, comment="Add an example from your desk."):
    for row, value in zip(assignment.ratings.order_by("competency__order"), ratings, strict=True):
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=row.competency_id,
            rating=value,
            comment="" if value == "met" else comment,
        )
    return services.assessment_complete(
        assignment=assignment, actor=assignment.reviewer, comment="Thank you."
    )
