"""The portfolio route's limits at their edges: one resubmission, a second failure final for the
portfolio route while the approved-course route stays open, and reviewers pointing to a course."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.courses import services as courses
from certify.portfolios import services
from certify.portfolios.models import Portfolio
from certify.portfolios.verdicts import Outcome
from certify.progress.models import PlannedSet
from certify.progress.services import route_choose
from tests.courses.conftest import approved_course, pdf_upload
from tests.factories import ProviderFactory, UserFactory


def _rate(assignment, ratings, *, refer=False):
    for row, value in zip(assignment.ratings.order_by("competency__order"), ratings, strict=True):
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=row.competency_id,
            rating=value,
            comment="" if value == "met" else "Add an example from your desk.",
        )
    return services.assessment_complete(
        assignment=assignment,
        actor=assignment.reviewer,
        comment="Thank you.",
        refer_to_course=refer,
    )


def _fail(portfolio, candidate, ratings, *, refer=False):
    submission = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    for assignment in submission.assignments.all():
        _rate(assignment, ratings, refer=refer)
    submission.refresh_from_db()
    return submission


def test_after_the_one_resubmission_fails_the_portfolio_is_closed_but_a_course_completes_the_set(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    candidate = complete_portfolio.planned_set.application.candidate
    first = _fail(complete_portfolio, candidate, ["partial"] * 9)  # both Partially met
    assert first.outcome == Outcome.MORE_EVIDENCE
    portfolio = Portfolio.objects.get(pk=complete_portfolio.pk)
    with django_capture_on_commit_callbacks(execute=True):
        second = _fail(portfolio, candidate, ["met"] * 8 + ["not_met"])
    assert second.outcome == Outcome.FAILED
    assert "approved course" in mail.outbox[-1].body
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.FAILED
    with pytest.raises(DomainError):  # no third try by portfolio
        services.portfolio_submit(portfolio=portfolio, actor=candidate)
    assert portfolio.submissions.count() == 2

    # The approved-course route is still open for the same set.
    planned = route_choose(planned=portfolio.planned_set, actor=candidate, route="course")
    provider_user = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Northside Community College", staff=[provider_user])
    course = approved_course(provider=provider, competency_set=planned.competency_set)
    completion = courses.completion_record(
        planned=planned,
        actor=candidate,
        course=course,
        completed_on=timezone.localdate() - timedelta(days=3),
        certificate=pdf_upload(),
    )
    courses.completion_confirm(completion=completion, actor=provider_user)
    planned = PlannedSet.objects.get(pk=planned.pk)
    assert planned.is_satisfied
    assert planned.route == "course"


def test_reviewers_asking_for_more_evidence_may_point_to_a_course(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    candidate = complete_portfolio.planned_set.application.candidate
    with django_capture_on_commit_callbacks(execute=True):
        first = _fail(complete_portfolio, candidate, ["partial"] * 9, refer=True)
    assert first.outcome == Outcome.MORE_EVIDENCE
    assert "They also suggest an approved course for this set." in mail.outbox[-1].body
