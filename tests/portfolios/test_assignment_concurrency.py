"""Two versions submitted at the same moment (PostgreSQL): the automatic assignment never pushes
a reviewer past their capacity. Each takes the pool's profile rows before counting open reviews
(ADR 0007's lock order), so the second counts the first's assignment: exactly one version gets
the reviewer with one place left, the other the next in line. Threads with their own
connections, released together, against committed data."""

import pytest

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.automatic_reviewers import automatic_reviewers
from certify.portfolios.models import ReviewAssignment, Submission
from certify.progress.services import plan_ensure, route_choose
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory
from tests.payments.test_concurrency import at_once
from tests.portfolios.conftest import make_reviewer

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _version(program, name):
    """A version of a candidate's portfolio for the CT set, submitted and waiting for reviewers."""
    candidate = UserFactory(full_name=name, roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=program, status=Application.Status.ACCEPTED
    )
    ExperienceEntryFactory(application=application, library_name=f"{name} Library")
    plan_ensure(application=application)
    row = route_choose(
        planned=application.planned_sets.get(competency_set__code="CT"),
        actor=candidate,
        route="portfolio",
    )
    portfolio = services.portfolio_open(planned=row, actor=candidate)
    return Submission.objects.create(portfolio=portfolio, number=1, snapshot={})


def _pool(program):
    """Lena has one place and comes first; Noor (one open review) next, then Theo (two)."""
    last_place = make_reviewer("Lena Lastplace", capacity=1)
    next_one = make_reviewer("Noor Next", capacity=5)
    then = make_reviewer("Theo Then", capacity=5)
    for n, reviewer in enumerate((next_one, then, then)):
        ReviewAssignment.objects.create(
            submission=_version(program, f"Earlier {n}"), reviewer=reviewer, due_on="2026-12-31"
        )
    return last_place, next_one, then


def _domain_errors_only(errors):
    # a deadlock or a lock timeout would be a database error, not a refusal in words
    assert all(isinstance(e, DomainError) for e in errors), errors


@pytest.mark.parametrize("attempt", range(3))
def test_two_versions_at_once_never_push_a_reviewer_past_capacity(lsscp, attempt):
    last_place, next_one, then = _pool(lsscp)
    versions = [_version(lsscp, "Ada First"), _version(lsscp, "Bo Second")]

    def assign(submission):
        return lambda: [
            a.reviewer_id for a in services.reviewers_assign_auto(submission=submission)
        ]

    results, errors = at_once(*(assign(s) for s in versions))
    assert errors == []
    # Lena has one place: one version got her, never both.
    assert ReviewAssignment.objects.filter(reviewer=last_place).count() == 1
    # The one that got her has Noor with her; the other the next in line, Noor and Theo.
    assert sorted(map(sorted, results)) == sorted(
        [sorted([last_place.pk, next_one.pk]), sorted([next_one.pk, then.pk])]
    )
    for submission in versions:
        assert submission.assignments.count() == 2


@pytest.mark.parametrize("attempt", range(3))
def test_a_submission_the_staff_press_and_a_hand_assignment_at_once(lsscp, staff, attempt):
    """All three take the reviewers' profiles in one order: none deadlocks, and Lena's one
    place goes to the submission or to the press, never to both (the press, when it comes
    second, assigns nobody and says what changed)."""
    last_place, next_one, _ = _pool(lsscp)
    submitted, pressed, by_hand = (_version(lsscp, n) for n in ("Ada", "Bo", "Cy"))
    seen = [c.reviewer.pk for c in automatic_reviewers(submission=pressed).picked]
    assert seen == [last_place.pk, next_one.pk]

    _, errors = at_once(
        lambda: services.reviewers_assign_auto(submission=submitted),
        lambda: services.reviewers_assign_automatic(
            submission=pressed, actor=staff, picked_seen=seen
        ),
        lambda: services.reviewer_assign(submission=by_hand, reviewer=next_one, actor=staff),
    )
    _domain_errors_only(errors)
    assert ReviewAssignment.objects.filter(reviewer=last_place).count() == 1
    assert by_hand.assignments.get().reviewer == next_one


@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_adding_a_reviewer_at_once_fill_one_place(lsscp, staff, attempt):
    """A version with one reviewer: two staff each add another at the same moment. The version's
    row is locked before its places are counted, so it ends with two reviewers, not three."""
    last_place, next_one, then = _pool(lsscp)
    submission = _version(lsscp, "Ada")
    ReviewAssignment.objects.create(submission=submission, reviewer=then, due_on="2026-12-31")

    def add(reviewer):
        return lambda: services.reviewer_assign(
            submission=submission, reviewer=reviewer, actor=staff
        )

    _, errors = at_once(add(last_place), add(next_one))
    _domain_errors_only(errors)
    assert [str(e) for e in errors] == [
        "This portfolio already has two reviewers; replace one instead."
    ]
    assert submission.assignments.count() == 2
