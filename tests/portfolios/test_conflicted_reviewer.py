"""A reviewer who declares a conflict of interest with the candidate of a review she has open:
the review is given back at once (withdrawn; when nobody else may take it, staff told and the
version waiting for a reviewer, `test_given_back.py` for the next reviewer; she is not offered
again), her drafts stay out of the verdict, her queue no longer
lists it, and its pages and API answer 403 with the reason; a review she finished stays."""

import pytest
from django.urls import reverse

from certify.accounts.conflicts import conflict_declare
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.portfolios import services
from certify.portfolios.access import REVIEW_CONFLICT
from certify.portfolios.automatic_reviewers import NOT_ENOUGH
from certify.portfolios.models import EvidenceItem, ReviewAssignment, ReviewerProfile
from certify.portfolios.selectors import reviewer_queue, submission_list_for_staff
from certify.portfolios.services.conflicted_reviewer import GIVEN_BACK, STAFF_EVENT
from tests.payments.test_concurrency import at_once
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)

WORDS = "the review goes to another reviewer (Certify gives it to the next one who may take it"


def _candidate(submission):
    return submission.portfolio.planned_set.application.candidate


def _rate_all(assignment, rating="met"):
    for row in assignment.ratings.all():
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=row.competency_id,
            rating=rating,
            comment="" if rating == "met" else "Thin evidence.",
        )


def _declare(reviewer, candidate):
    return conflict_declare(actor=reviewer, person_email=candidate.email, reason="My cousin.")


def test_declaring_gives_the_open_review_back_to_staff_at_once(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    """Nobody else may take it (the spare reviewer is not taking reviews): staff are told."""
    ReviewerProfile.objects.filter(user__full_name="Rosa Rater").update(active=False)
    leaving, staying = submitted.assignments.order_by("pk")
    row = leaving.ratings.first()
    services.rating_save(
        assignment=leaving,
        actor=leaving.reviewer,
        competency_id=row.competency_id,
        rating="partial",
        comment="A draft.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        _declare(leaving.reviewer, _candidate(submitted))

    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert submitted.assignments.count() == 2  # nobody assigned in her place
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    assert staying.status == ReviewAssignment.Status.ASSIGNED
    assert leaving.ratings.exclude(rating="").get().comment == "A draft."  # kept, not read
    assert not reviewer_queue(reviewer=leaving.reviewer).filter(pk=leaving.pk).exists()
    assert submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    entry, empty = AuditEvent.objects.filter(
        verb="portfolio.needs_reviewers", target_id=str(submitted.pk)
    ).order_by("pk")
    assert (entry.reason, entry.data["conflict"]) == (GIVEN_BACK, True)
    assert (empty.actor_id, empty.reason) == (None, NOT_ENOUGH)
    # Staff are told (not the reviewer, not the candidate); once each.
    told = Notification.objects.filter(event=STAFF_EVENT)
    recipients = list(told.values_list("recipient", flat=True))
    assert staff.pk in recipients
    assert len(recipients) == len(set(recipients))
    assert leaving.reviewer_id not in recipients
    assert _candidate(submitted).pk not in recipients
    assert {n.link for n in told} == {reverse("portfolios:staff_submission", args=[submitted.pk])}
    # She is never offered for it again.
    words = services.reviewer_refusals(submission=submitted, reviewers=[leaving.reviewer])
    assert "conflict" in words[leaving.reviewer.pk]
    with pytest.raises(DomainError):
        services.reviewer_assign(submission=submitted, reviewer=leaving.reviewer, actor=staff)


def test_her_drafts_stay_out_of_the_verdict(submitted, staff):  # noqa: F811
    leaving, staying = submitted.assignments.order_by("pk")
    _rate_all(leaving, "not_met")
    _declare(leaving.reviewer, _candidate(submitted))
    spare = ReviewerProfile.objects.get(user__full_name="Rosa Rater").user
    added = services.reviewer_assign(submission=submitted, reviewer=spare, actor=staff)
    for assignment in (staying, added):
        assignment.refresh_from_db()
        _rate_all(assignment)
        services.assessment_complete(
            assignment=assignment, actor=assignment.reviewer, comment="Good."
        )
    submitted.refresh_from_db()
    assert submitted.outcome == "passed"  # Met + Met: her Not met ratings not read


def test_a_conflict_with_someone_else_or_a_finished_review_changes_nothing(
    submitted,  # noqa: F811
    django_user_model,
):
    finished, other = submitted.assignments.order_by("pk")
    _rate_all(finished)
    services.assessment_complete(assignment=finished, actor=finished.reviewer, comment="Good.")
    stranger = django_user_model.objects.create_user(email="x@example.org", full_name="X Y")
    _declare(other.reviewer, stranger)
    _declare(finished.reviewer, _candidate(submitted))
    finished.refresh_from_db()
    other.refresh_from_db()
    assert finished.status == ReviewAssignment.Status.COMPLETED
    assert other.status == ReviewAssignment.Status.ASSIGNED
    assert not Notification.objects.filter(event=STAFF_EVENT).exists()
    # A second run finds nothing open.
    assert services.conflicted_reviews_withdraw(reviewer_id=other.reviewer_id) == []


def test_submitting_after_the_declaration_is_refused_and_decides_nothing(submitted):  # noqa: F811
    leaving, _ = submitted.assignments.order_by("pk")
    _rate_all(leaving)
    stale = ReviewAssignment.objects.get(pk=leaving.pk)  # read before she declared
    _declare(leaving.reviewer, _candidate(submitted))
    with pytest.raises(DomainError):
        services.assessment_complete(assignment=stale, actor=leaving.reviewer, comment="Good.")
    leaving.refresh_from_db()
    submitted.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    assert not submitted.outcome


def test_her_pages_answer_403_with_the_reason(submitted, client):  # noqa: F811
    leaving, _ = submitted.assignments.order_by("pk")
    row = leaving.ratings.first()
    item = EvidenceItem.objects.filter(
        response__portfolio=submitted.portfolio, kind=EvidenceItem.Kind.FILE
    ).first()
    _declare(leaving.reviewer, _candidate(submitted))
    client.force_login(leaving.reviewer)
    answers = [
        client.get(reverse("portfolios:assess", args=[leaving.pk])),
        client.post(
            reverse("portfolios:rating", args=[leaving.pk, row.competency_id]),
            {"rating": "met", "comment": ""},
        ),
        client.post(reverse("portfolios:complete", args=[leaving.pk]), {"comment": "Done."}),
        client.get(reverse("portfolios:evidence_view", args=[item.pk])),
    ]
    for response in answers:
        assert response.status_code == 403
        assert WORDS in " ".join(response.text.split())
        assert reverse("accounts:conflicts") in response.text
    assert reverse("portfolios:review_queue") in answers[0].text
    row.refresh_from_db()
    assert row.rating == ""  # nothing saved
    queue = client.get(reverse("portfolios:review_queue"))
    assert reverse("portfolios:assess", args=[leaving.pk]) not in queue.text


def test_her_api_answers_403_with_the_reason(submitted, client):  # noqa: F811
    leaving, _ = submitted.assignments.order_by("pk")
    code = leaving.ratings.select_related("competency").first().competency.code
    _declare(leaving.reviewer, _candidate(submitted))
    client.force_login(leaving.reviewer)
    base = f"/api/v1/reviews/{leaving.pk}"
    answers = [
        client.get(base),
        client.put(f"{base}/ratings/{code}", {"rating": "met"}, content_type="application/json"),
        client.post(f"{base}/complete", {"comment": "Done."}, content_type="application/json"),
    ]
    for response in answers:
        assert response.status_code == 403, response.text
        assert response.json()["detail"] == REVIEW_CONFLICT
    mine = client.get("/api/v1/reviews").json()
    rows = mine["items"] if isinstance(mine, dict) else mine
    assert leaving.pk not in [r["id"] for r in rows]


def test_others_are_refused_as_before(submitted, client):  # noqa: F811
    leaving, staying = submitted.assignments.order_by("pk")
    _declare(leaving.reviewer, _candidate(submitted))
    # The other reviewer still asks for her review as an unknown one; the candidate is refused
    # the reviewer's page; a visitor signs in first.
    client.force_login(staying.reviewer)
    assert client.get(reverse("portfolios:assess", args=[leaving.pk])).status_code == 404
    assert client.get(f"/api/v1/reviews/{leaving.pk}").status_code == 404
    assert client.get(reverse("portfolios:assess", args=[staying.pk])).status_code == 200
    client.force_login(_candidate(submitted))
    assert client.get(reverse("portfolios:assess", args=[leaving.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("portfolios:assess", args=[leaving.pk])).status_code == 302


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_declaring_while_submitting_ends_one_way_or_the_other(submitted, attempt):  # noqa: F811
    """Threads with their own connections, released together: either her review is finished
    first (and stays, nothing withdrawn) or the declaration gives it back first (finishing is
    refused in words, and the review goes to the next reviewer); never a deadlock, never both."""
    leaving, staying = submitted.assignments.order_by("pk")
    _rate_all(leaving)
    reviewer, candidate = leaving.reviewer, _candidate(submitted)
    stale = ReviewAssignment.objects.get(pk=leaving.pk)
    _, errors = at_once(
        lambda: _declare(reviewer, candidate),
        lambda: services.assessment_complete(assignment=stale, actor=reviewer, comment="Good."),
    )
    assert all(isinstance(e, DomainError) for e in errors), errors
    leaving.refresh_from_db()
    told = Notification.objects.filter(event=STAFF_EVENT).exists()
    if leaving.status == ReviewAssignment.Status.COMPLETED:
        assert (errors, told) == ([], False)
    else:
        assert leaving.status == ReviewAssignment.Status.WITHDRAWN
        assert len(errors) == 1
        # Given, once committed, to the next eligible reviewer (Rosa): staff have nothing to do.
        spare = submitted.assignments.exclude(pk__in=[leaving.pk, staying.pk]).get()
        assert (str(spare.reviewer), told) == ("Rosa Rater", False)
        submitted.refresh_from_db()
        assert not submitted.outcome
