"""A review given back (the reviewer's role ended, or she declared a conflict with the candidate)
goes to the next eligible reviewer once the release has committed: Certify's assignment, by the
rules of staff's "Assign automatically" (no conflict, room in the load, the least loaded first,
not the version's other reviewer, not the candidate, never the one who gave it back). The new
reviewer is told; staff are not, unless nobody may take it (then as before:
`test_conflicted_reviewer.py`, `test_ended_reviewer.py`). Delivered twice, it assigns once.

The PostgreSQL tests release the version's two reviews at the same moment, and deliver one
release twice at the same moment: its places are filled once, never three reviewers on it."""

import pytest

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role, RoleAssignment
from certify.accounts.services import role_grant, role_revoke
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.portfolios import services
from certify.portfolios.models import Portfolio, ReviewAssignment, ReviewerProfile
from certify.portfolios.selectors import submission_list_for_staff
from certify.portfolios.services.given_back import IN_PLACE, STAFF_EVENT
from tests.payments.test_concurrency import at_once
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_assignment_concurrency import _version
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)


def _candidate(submission):
    return submission.portfolio.planned_set.application.candidate


def _open(submission):
    return submission.assignments.filter(status=ReviewAssignment.Status.ASSIGNED)


def _spare(name="Rosa Rater"):
    return ReviewerProfile.objects.get(user__full_name=name).user


def _load(program, reviewer, n):
    """`n` open reviews of other candidates' versions for `reviewer`."""
    for i in range(n):
        ReviewAssignment.objects.create(
            submission=_version(program, f"Other {reviewer.pk}-{i}"),
            reviewer=reviewer,
            due_on="2026-12-31",
        )


def test_a_role_ended_gives_the_review_to_the_next_eligible_reviewer(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    leaving, staying = submitted.assignments.order_by("pk")
    spare = _spare()
    told_candidate = Notification.objects.filter(recipient=_candidate(submitted)).count()
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(user=leaving.reviewer, role=Role.REVIEWER, actor=staff, reason="Moved away")

    leaving.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    new = _open(submitted).exclude(pk=staying.pk).get()
    assert new.reviewer == spare
    # Certify's assignment, in the same round, due as any other.
    assert (new.automatic, new.assigned_by_id, new.round) == (True, None, leaving.round)
    assert new.ratings.count() == leaving.ratings.count()
    entry = AuditEvent.objects.filter(verb="review.assigned", target_id=str(submitted.pk)).latest(
        "pk"
    )
    assert entry.actor_id is None
    assert entry.reason == IN_PLACE
    assert entry.data == {"reviewer": spare.pk, "auto": True, "given_back": leaving.pk}
    # The new reviewer is told; staff have nothing to do and are not; the version is not waiting.
    assert Notification.objects.filter(recipient=spare, event="review.assigned").count() == 1
    assert not Notification.objects.filter(event=STAFF_EVENT).exists()
    assert not submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    # The candidate is told nothing: two reviewers assess the version, as before.
    assert Notification.objects.filter(recipient=_candidate(submitted)).count() == told_candidate


def test_a_conflict_declared_gives_the_review_to_the_next_eligible_reviewer(
    submitted,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    leaving, staying = submitted.assignments.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        conflict_declare(
            actor=leaving.reviewer, person_email=_candidate(submitted).email, reason="My cousin."
        )
    assert set(_open(submitted).values_list("reviewer", flat=True)) == {
        staying.reviewer_id,
        _spare().pk,
    }
    assert not Notification.objects.filter(event=STAFF_EVENT).exists()


def test_the_rules_of_assign_automatically_pick_the_reviewer(
    submitted,  # noqa: F811
    lsscp,
    django_capture_on_commit_callbacks,
):
    """Rosa declared a conflict with the candidate, Ivy is at capacity, the candidate reviews CT
    too, Max has two open reviews and Lou one: Lou takes it (not the staying reviewer either)."""
    leaving, staying = submitted.assignments.order_by("pk")
    candidate = _candidate(submitted)
    conflict_declare(actor=_spare(), person_email=candidate.email, reason="A neighbor.")
    ivy = make_reviewer("Ivy Full", capacity=1)
    _load(lsscp, ivy, 1)
    RoleAssignment.objects.create(user=candidate, role=Role.REVIEWER)
    ReviewerProfile.objects.create(user=candidate).expertise.set(
        [submitted.portfolio.planned_set.competency_set]
    )
    max_, lou = make_reviewer("Max Busy"), make_reviewer("Lou Light")
    _load(lsscp, max_, 2)
    _load(lsscp, lou, 1)

    with django_capture_on_commit_callbacks(execute=True):
        conflict_declare(actor=leaving.reviewer, person_email=candidate.email, reason="Cousin.")

    assert set(_open(submitted).values_list("reviewer", flat=True)) == {staying.reviewer_id, lou.pk}


def test_the_one_who_gave_it_back_is_not_given_it_again(submitted, staff):  # noqa: F811
    """Her role ended and was granted back before the release's event was delivered: the place
    goes to someone else."""
    leaving, _ = submitted.assignments.order_by("pk")
    ReviewerProfile.objects.filter(user__full_name="Rosa Rater").update(active=False)
    role_revoke(user=leaving.reviewer, role=Role.REVIEWER, actor=staff, reason="By mistake")
    services.ended_reviewer_reviews_withdraw(reviewer_id=leaving.reviewer_id)
    role_grant(user=leaving.reviewer, role=Role.REVIEWER, actor=staff)

    assert services.given_back_review_reassign(review_id=leaving.pk) == []
    assert not _open(submitted).filter(reviewer=leaving.reviewer).exists()
    # Rosa takes reviews again: the next delivery gives it to her, once.
    ReviewerProfile.objects.filter(user=_spare()).update(active=True)
    assert [a.reviewer for a in services.given_back_review_reassign(review_id=leaving.pk)] == [
        _spare()
    ]
    assert services.given_back_review_reassign(review_id=leaving.pk) == []
    assert _open(submitted).count() == 2


def test_staff_replacing_a_reviewer_is_left_as_they_chose(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    leaving, staying = submitted.assignments.order_by("pk")
    chosen = make_reviewer("Cora Chosen")
    with django_capture_on_commit_callbacks(execute=True):
        services.reviewer_assign(
            submission=submitted, reviewer=chosen, actor=staff, replacing=leaving
        )
    assert set(_open(submitted).values_list("reviewer", flat=True)) == {
        staying.reviewer_id,
        chosen.pk,
    }


def test_nothing_is_assigned_once_the_version_moved_on(submitted, staff):  # noqa: F811
    """An open review is not given back; a version decided, or a round the appeal opened since,
    takes nobody in the old round's place."""
    leaving, _ = submitted.assignments.order_by("pk")
    assert services.given_back_review_reassign(review_id=leaving.pk) == []
    ReviewAssignment.objects.filter(pk=leaving.pk).update(status=ReviewAssignment.Status.WITHDRAWN)
    type(submitted).objects.filter(pk=submitted.pk).update(review_round=2)
    assert services.given_back_review_reassign(review_id=leaving.pk) == []
    type(submitted).objects.filter(pk=submitted.pk).update(review_round=1)
    Portfolio.objects.filter(pk=submitted.portfolio_id).update(status=Portfolio.Status.PASSED)
    assert services.given_back_review_reassign(review_id=leaving.pk) == []
    assert services.given_back_review_reassign(review_id=10**9) == []  # gone
    Portfolio.objects.filter(pk=submitted.portfolio_id).update(status=Portfolio.Status.SUBMITTED)
    assert [a.reviewer for a in services.given_back_review_reassign(review_id=leaving.pk)] == [
        _spare()
    ]


# --- Two releases at once (PostgreSQL: threads with their own connections) --------------------


def _two_reviewed(program):
    """A submitted version with Abe and Bea on it; Lena (one place left) and Noor spare."""
    submission = _version(program, "Ada First")
    Portfolio.objects.filter(pk=submission.portfolio_id).update(status=Portfolio.Status.SUBMITTED)
    abe, bea = make_reviewer("Abe Able"), make_reviewer("Bea Best")
    made = [
        ReviewAssignment.objects.create(submission=submission, reviewer=r, due_on="2026-12-31")
        for r in (abe, bea)
    ]
    return submission, made, make_reviewer("Lena Last", capacity=1), make_reviewer("Noor Next")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_one_release_delivered_twice_at_once_fills_its_place_once(lsscp, attempt):
    submission, (leaving, staying), lena, _ = _two_reviewed(lsscp)
    ReviewAssignment.objects.filter(pk=leaving.pk).update(status=ReviewAssignment.Status.WITHDRAWN)

    def deliver():
        return services.given_back_review_reassign(review_id=leaving.pk)

    results, errors = at_once(deliver, deliver)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 1]
    assert set(_open(submission).values_list("reviewer", flat=True)) == {
        staying.reviewer_id,
        lena.pk,
    }


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_both_reviewers_released_at_once_get_two_new_ones_not_more(lsscp, staff, attempt):
    """Abe declares a conflict with the candidate while Bea's role ends, at the same moment;
    each release's event is delivered once it commits (the immediate task backend, in its own
    thread). The version ends with two open reviews, Lena's one place given once."""
    submission, (abe_review, bea_review), lena, noor = _two_reviewed(lsscp)
    candidate = _candidate(submission)
    RoleAssignment.objects.filter(user=bea_review.reviewer, role=Role.REVIEWER).delete()

    _, errors = at_once(
        lambda: conflict_declare(
            actor=abe_review.reviewer, person_email=candidate.email, reason="My cousin."
        ),
        lambda: services.ended_reviewer_reviews_withdraw(reviewer_id=bea_review.reviewer_id),
    )
    assert errors == []
    assert set(
        submission.assignments.filter(status=ReviewAssignment.Status.WITHDRAWN).values_list(
            "pk", flat=True
        )
    ) == {abe_review.pk, bea_review.pk}
    assert sorted(_open(submission).values_list("reviewer", flat=True)) == sorted(
        [lena.pk, noor.pk]
    )
    assert ReviewAssignment.objects.filter(reviewer=lena).count() == 1
