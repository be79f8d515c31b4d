"""Exactly one correct outcome when the same thing is done twice at once (PostgreSQL).

Threads with their own connections, released together, against committed data. The other
races (awards, issuance, payment webhooks, invoice numbers) are in tests/scholarships/,
tests/certificates/ and tests/payments/ test_concurrency.py.
"""

import pytest

from certify.applications.models import Application, ApplicationTransition
from certify.applications.services import application_submit
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.portfolios.models import CompetencyRating, ReviewAssignment, Submission
from certify.portfolios.services.review import assessment_complete, rating_save
from tests.factories import ApplicationFactory, ExperienceEntryFactory, ProgramFactory
from tests.payments.test_concurrency import at_once
from tests.security.world import world_build

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


GROUNDS = "My hours at the county archive are library work: it lends to the public."


def only_domain_errors(errors):
    assert all(isinstance(e, DomainError) for e in errors), errors


def test_a_double_submitted_application_is_submitted_once():
    application = ApplicationFactory(program=ProgramFactory(slug="lsscp"))
    ExperienceEntryFactory(application=application)
    candidate = application.candidate

    def submit():
        return application_submit(application=application, actor=candidate).status

    results, errors = at_once(submit, submit, submit)
    only_domain_errors(errors)
    assert results == [Application.Status.SUBMITTED]
    assert ApplicationTransition.objects.filter(to_status="submitted").count() == 1
    assert (
        Notification.objects.filter(recipient=candidate, event="application.received").count() == 1
    )


def _rate_all(assignment, *, rating="met"):
    for row in assignment.ratings.all():
        rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=row.competency_id,
            rating=rating,
            comment="" if rating == "met" else "Add an example.",
        )


def test_two_reviewers_finishing_at_once_decide_the_submission_once():
    world = world_build()
    submission = world.submission
    assignments = list(ReviewAssignment.objects.filter(submission=submission))
    assert len(assignments) == 2
    for assignment in assignments:
        _rate_all(assignment)

    def complete(assignment):
        return lambda: assessment_complete(
            assignment=assignment, actor=assignment.reviewer, comment="Clear evidence."
        )

    _, errors = at_once(*(complete(a) for a in assignments))
    assert errors == []
    submission = Submission.objects.get(pk=submission.pk)
    assert submission.outcome  # decided, once
    assert AuditEvent.objects.filter(verb="review.completed").count() == 2
    # The combined verdict is one move of the portfolio, made by Certify once.
    verdicts = AuditEvent.objects.filter(
        target_type="portfolios.portfolio",
        target_id=str(submission.portfolio_id),
        data__move__in=["record_met", "ask_for_more_evidence", "record_not_met"],
    )
    assert [(e.actor_id, e.data["via"]) for e in verdicts] == [(None, "system")]


def test_one_reviewer_saving_the_same_rating_twice_at_once_keeps_one_row():
    world = world_build()
    assignment = world.assignment
    competency_id = world.competency.pk

    def save(rating):
        return lambda: (
            rating_save(
                assignment=assignment,
                actor=assignment.reviewer,
                competency_id=competency_id,
                rating=rating,
                comment="Add an example." if rating != "met" else "",
            ).rating
        )

    results, errors = at_once(save("met"), save("partial"))
    assert errors == []
    rows = CompetencyRating.objects.filter(assignment=assignment, competency_id=competency_id)
    assert rows.count() == 1
    assert rows.get().rating in results


def test_a_rating_changed_while_the_review_completes_never_contradicts_the_verdict():
    world = world_build()
    assignment = world.assignment
    _rate_all(assignment)
    first = assignment.ratings.first()

    def change():
        return rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=first.competency_id,
            rating="not_met",
            comment="Missing.",
        )

    def complete():
        return assessment_complete(assignment=assignment, actor=assignment.reviewer, comment="")

    _, errors = at_once(change, complete)
    only_domain_errors(errors)
    assignment = ReviewAssignment.objects.get(pk=assignment.pk)
    ratings = set(assignment.ratings.values_list("rating", flat=True))
    if assignment.status == ReviewAssignment.Status.COMPLETED:
        # The verdict was computed from exactly the ratings that are stored.
        assert (assignment.verdict == "met") == (ratings == {"met"})


def test_two_staff_sending_the_same_rejection_back_at_once_reopen_and_invoice_once():
    """An appeal decided by two staff members at the same moment (a double press, two tabs):
    one decision, one reopened application, at most the one enrollment invoice it issues."""
    from certify.appeals.models import Appeal
    from certify.appeals.services import appeal_decide, appeal_give_notice, appeal_submit_grounds
    from certify.applications.decisions import application_reject
    from certify.payments.api import payment_due_at_application
    from certify.payments.models import Invoice
    from tests.factories import UserFactory

    application = ApplicationFactory(program=ProgramFactory(slug="lsscp"))
    ExperienceEntryFactory(application=application)
    candidate = application.candidate
    application_submit(application=application, actor=candidate)
    staff = UserFactory(roles=["program_staff"])
    application = application_reject(application=application, actor=staff, reason="Not library.")
    appeal = appeal_give_notice(
        subject=application,
        appellant=candidate,
        program=application.program,
        decided_by=staff,
        decided_at=application.decided_at,
    )
    appeal = appeal_submit_grounds(appeal=appeal, actor=candidate, grounds=GROUNDS)
    live = Invoice.objects.filter(user=candidate, kind=Invoice.Kind.ENROLLMENT, status="open")
    assert not live.exists()

    def send_back(by):
        return lambda: appeal_decide(appeal=appeal, actor=by, uphold=False, reason="It counts.")

    first, second = UserFactory(roles=["program_staff"]), UserFactory(roles=["program_staff"])
    results, errors = at_once(send_back(first), send_back(second))
    only_domain_errors(errors)
    assert len(results) == 1
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.SENT_BACK
    reopened = ApplicationTransition.objects.filter(application=application, from_status="rejected")
    assert reopened.count() == 1
    assert live.count() == int(payment_due_at_application(program=application.program))
    told = Notification.objects.filter(recipient=candidate, event="appeal.updated")
    assert told.count() == 1
