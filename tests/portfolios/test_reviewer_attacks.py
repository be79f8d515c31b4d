"""A reviewer as an attacker, for what the other tests leave out (docs/security.md): a review
replayed after it was submitted (the rating form's POST, with and without htmx, the finish form
and the API), the other reviewer's saved but unfinished ratings, and a reviewer who is also a
candidate. Those already covered elsewhere: a review not assigned to her (test_views.py), one
with a declared conflict (test_conflicted_reviewer.py), the candidate's name
(test_blind_review.py), the other reviewer's finished review (test_reviewer_workspace.py).

And what a resubmission's reviewer reads of what changed since the version before: a rewritten
answer and new evidence are marked, an untouched answer says so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.accounts.services import role_grant
from certify.portfolios import selectors, services
from certify.portfolios.models import (
    CompetencyRating,
    Portfolio,
    ReviewAssignment,
    ReviewerProfile,
)
from certify.programs.models import CompetencySet
from tests.factories import UserFactory
from tests.portfolios.conftest import _rate, complete, pdf_upload
from tests.portfolios.test_views import submit

DRAFT = "Draft thought: the desk example looks thin."


def _candidate(portfolio):
    return portfolio.planned_set.application.candidate


@pytest.fixture
def submitted(complete_portfolio, reviewers):
    return submit(complete_portfolio)


def test_a_replayed_rating_or_finish_after_submitting_changes_nothing(client, submitted):
    assignment = submitted.assignments.order_by("id").first()
    count = assignment.ratings.count()
    _rate(assignment, ["met"] * (count - 1) + ["partial"], comment="Add a desk example.")
    assignment.refresh_from_db()
    before = (assignment.status, assignment.verdict, assignment.comment, assignment.completed_at)
    ratings = list(assignment.ratings.order_by("pk").values_list("rating", "comment"))
    last = assignment.ratings.order_by("competency__order").last()
    client.force_login(assignment.reviewer)

    url = reverse("portfolios:rating", args=[assignment.pk, last.competency_id])
    replayed = {"rating": "met", "comment": ""}
    htmx = client.post(url, replayed, headers={"HX-Request": "true"})
    assert "This review is finished and can no longer be changed." in htmx.text
    assert client.post(url, replayed).status_code == 302  # back to the page, with the reason
    finish = client.post(reverse("portfolios:complete", args=[assignment.pk]), {"comment": "New"})
    assert finish.status_code == 400
    api = f"/api/v1/reviews/{assignment.pk}"
    code = last.competency.code
    put = client.put(f"{api}/ratings/{code}", replayed, content_type="application/json")
    post = client.post(f"{api}/complete", {"comment": "New"}, content_type="application/json")
    assert (put.status_code, post.status_code) == (400, 400)

    assignment.refresh_from_db()
    after = (assignment.status, assignment.verdict, assignment.comment, assignment.completed_at)
    assert after == before
    assert list(assignment.ratings.order_by("pk").values_list("rating", "comment")) == ratings


def test_the_other_reviewers_saved_ratings_stay_hidden_until_she_finishes(client, submitted):
    """The first reviewer has finished; the second has saved a rating with a comment but not
    finished. Neither reads the other's ratings or comments, on the page or in the API."""
    first, second = submitted.assignments.order_by("id")
    count = first.ratings.count()
    _rate(first, ["partial"] * 3 + ["met"] * (count - 3), comment="Show a real desk exchange.")
    row = second.ratings.order_by("competency__order").first()
    services.rating_save(
        assignment=second,
        actor=second.reviewer,
        competency_id=row.competency_id,
        rating="not_met",
        comment=DRAFT,
    )
    for mine, theirs in ((first, DRAFT), (second, "Show a real desk exchange.")):
        client.force_login(mine.reviewer)
        page = client.get(reverse("portfolios:assess", args=[mine.pk])).text
        api = client.get(f"/api/v1/reviews/{mine.pk}").text
        for text in (page, api):
            assert theirs not in text
        assert "Calibration" not in page


def test_a_reviewer_who_is_the_candidate_is_never_given_her_own_portfolio(
    client, portfolio, reviewers
):
    """A candidate who also reviews this set: the pool passes over her own portfolio, and a
    review of it put in her queue by hand (past the services) cannot be finished."""
    candidate = _candidate(portfolio)
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    role_grant(user=candidate, role=Role.REVIEWER, actor=staff)
    profile = ReviewerProfile.objects.create(user=candidate, capacity=50)
    profile.expertise.set(CompetencySet.objects.filter(code="CT"))
    submission = submit(complete(portfolio))
    assert candidate.pk not in set(submission.assignments.values_list("reviewer_id", flat=True))

    forced = ReviewAssignment.objects.create(
        submission=submission,
        reviewer=candidate,
        due_on=timezone.localdate() + timedelta(days=14),
        round=submission.review_round,
    )
    CompetencyRating.objects.bulk_create(
        CompetencyRating(assignment=forced, competency_id=r.competency_id, rating="met")
        for r in submission.assignments.first().ratings.all()
    )
    client.force_login(candidate)
    response = client.post(reverse("portfolios:complete", args=[forced.pk]), {"comment": "Mine"})
    assert response.status_code in {400, 403}
    forced.refresh_from_db()
    assert (forced.status, forced.verdict) == (ReviewAssignment.Status.ASSIGNED, "")
    submission.refresh_from_db()
    assert submission.outcome == ""


def test_a_resubmission_marks_what_changed_since_the_version_before(client, submitted):
    """Version 2 rewrites one answer and adds a file under it: that competency says "Answer
    changed since version 1" and marks the file "New in version 2"; the others say "Answer
    unchanged since version 1". A first version says neither. The API's review says the same."""
    first_assignment = submitted.assignments.order_by("id").first()
    client.force_login(first_assignment.reviewer)
    page = client.get(reverse("portfolios:assess", args=[first_assignment.pk])).text
    assert "since version" not in page
    assert "New in version" not in page
    for assignment in submitted.assignments.all():
        _rate(assignment, ["met"] * 6 + ["partial"] * 3, comment="Add a desk example.")
    portfolio = Portfolio.objects.get(pk=submitted.portfolio_id)
    rewritten = portfolio.responses.order_by("competency__order").last()
    candidate = _candidate(portfolio)
    services.response_save(response=rewritten, actor=candidate, narrative="A better answer.")
    added = services.evidence_add_file(
        response=rewritten, actor=candidate, upload=pdf_upload(), title="Dana's second try"
    )
    second = services.portfolio_submit(portfolio=portfolio, actor=candidate)

    changes = selectors.previous_version_changes(submission=second)
    assert changes[rewritten.competency_id].answer
    assert changes[rewritten.competency_id].new_evidence == {added.pk}
    untouched = [c for k, c in changes.items() if k != rewritten.competency_id]
    assert untouched
    assert not any(c.answer or c.new_evidence for c in untouched)

    assignment = second.assignments.first()
    client.force_login(assignment.reviewer)
    page = " ".join(client.get(reverse("portfolios:assess", args=[assignment.pk])).text.split())
    assert page.count("Answer changed since version 1") == 1
    assert page.count("Answer unchanged since version 1") == len(untouched)
    assert page.count("New in version 2") == 1
    assert "Dana's second try" not in page  # still blind
    # The API says the same (`GET /api/v1/reviews/{id}`), and nothing on a first version.
    by_code = {
        r["competency"]: r for r in client.get(f"/api/v1/reviews/{assignment.pk}").json()["ratings"]
    }
    code = rewritten.competency.code
    assert (by_code[code]["answer_changed"], by_code[code]["new_evidence"]) == (True, [added.pk])
    others = {(r["answer_changed"], tuple(r["new_evidence"])) for r in by_code.values()} - {
        (True, (added.pk,))
    }
    assert others == {(False, ())}
    client.force_login(first_assignment.reviewer)
    first_api = client.get(f"/api/v1/reviews/{first_assignment.pk}").json()["ratings"]
    assert {(r["answer_changed"], tuple(r["new_evidence"])) for r in first_api} == {(None, ())}
