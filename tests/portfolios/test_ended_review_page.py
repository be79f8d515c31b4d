"""A reviewer opening her own review after it was withdrawn (her `review.assigned` e-mail's link,
a bookmark) reads that it ended and why in her words, the set's name and nothing of the
candidate, and her queue next (410, page and API). It said the site's 404, "We could not find
that page … mistyped". Someone else's withdrawn review still answers exactly as an unknown id
(404), a person without the reviewer role is refused whatever the id, an anonymous visitor is
sent to sign in whatever the id: nobody learns that a review exists."""

import html
import re

import pytest
from django.urls import reverse

from certify.accounts.conflicts import conflict_declare, conflict_withdraw
from certify.accounts.models import Role
from certify.accounts.privacy import account_close
from certify.accounts.reactivation import account_reactivate
from certify.accounts.services import account_deactivate, role_grant, role_revoke
from certify.portfolios import ended_reviews
from certify.portfolios.models import ReviewAssignment
from tests.factories import PASSWORD, UserFactory
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)

NOT_FOUND = "We could not find that page"
NEVER = 999_999


def _flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _without_csrf(text: str) -> str:
    return _flat(re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text))


def _candidate(submission):
    return submission.portfolio.planned_set.application.candidate


def _withdrawn(submission) -> ReviewAssignment:
    ended = submission.assignments.filter(status=ReviewAssignment.Status.WITHDRAWN)
    return ended.order_by("pk").first()


def _assess(client, pk):
    return client.get(reverse("portfolios:assess", args=[pk]))


def _assert_ended(client, assignment: ReviewAssignment, words: str) -> None:
    """Her page and her API answer 410 with `words`; the page names the set, links her queue
    and shows nothing of the candidate."""
    candidate = _candidate(assignment.submission)
    client.force_login(assignment.reviewer)
    page = _assess(client, assignment.pk)
    text = _flat(page.text)
    assert page.status_code == 410
    assert NOT_FOUND not in text
    assert ended_reviews.HEADING in text
    assert words in text
    assert ended_reviews.NOTHING_MORE in text
    set_name = assignment.submission.portfolio.planned_set.competency_set.name
    assert f"Review of {set_name}" in text
    assert f'href="{reverse("portfolios:review_queue")}"' in page.text
    assert "Dana" not in text
    assert "Okafor" not in text
    assert candidate.email not in text
    # Rating or finishing it: the same page, nothing written.
    row = assignment.ratings.first()
    rated = client.post(
        reverse("portfolios:rating", args=[assignment.pk, row.competency_id]),
        {"rating": "met", "comment": ""},
    )
    finished = client.post(reverse("portfolios:complete", args=[assignment.pk]), {"comment": ""})
    for answer in (rated, finished):
        assert answer.status_code == 410
        assert words in _flat(answer.text)
    row.refresh_from_db()
    assert row.rating == ""
    api = client.get(f"/api/v1/reviews/{assignment.pk}")
    assert api.status_code == 410
    assert api.json()["detail"] == words


def test_the_candidate_closed_their_account(client, submitted, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=_candidate(submitted), password=PASSWORD)
    _assert_ended(client, _withdrawn(submitted), ended_reviews.CANDIDATE_CLOSED)


def test_an_administrator_deactivated_the_candidates_account(
    client,
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        account_deactivate(user=_candidate(submitted), actor=staff, reason="A duplicate.")
    _assert_ended(client, _withdrawn(submitted), ended_reviews.CANDIDATE_DEACTIVATED)


def test_her_reviewer_role_ended_and_was_granted_again(
    client,
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    """Without the role she is refused whatever the id; given it again, her old link says why
    the review went."""
    reviewer = submitted.assignments.order_by("pk").first().reviewer
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(user=reviewer, role=Role.REVIEWER, actor=staff, reason="Stepped down.")
    role_grant(user=reviewer, role=Role.REVIEWER, actor=staff, reason="Back.")
    mine = submitted.assignments.get(reviewer=reviewer, status=ReviewAssignment.Status.WITHDRAWN)
    _assert_ended(client, mine, ended_reviews.ROLE_ENDED)


def test_her_account_was_deactivated_and_opened_again(
    client,
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    reviewer = submitted.assignments.order_by("pk").first().reviewer
    with django_capture_on_commit_callbacks(execute=True):
        account_deactivate(user=reviewer, actor=staff, reason="Left the library.")
    with django_capture_on_commit_callbacks(execute=True):
        account_reactivate(user=reviewer, actor=staff, reason="Back.")
    mine = submitted.assignments.get(reviewer=reviewer, status=ReviewAssignment.Status.WITHDRAWN)
    _assert_ended(client, mine, ended_reviews.YOU_DEACTIVATED)


def test_she_declared_a_conflict_and_withdrew_the_declaration(
    client,
    submitted,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """While her conflict stands the conflict's refusal answers (403); withdrawn, the page says
    the review went because she declared it."""
    reviewer = submitted.assignments.order_by("pk").first().reviewer
    with django_capture_on_commit_callbacks(execute=True):
        declaration = conflict_declare(
            actor=reviewer, person_email=_candidate(submitted).email, reason="My cousin."
        )
    mine = submitted.assignments.get(reviewer=reviewer, status=ReviewAssignment.Status.WITHDRAWN)
    client.force_login(reviewer)
    assert _assess(client, mine.pk).status_code == 403
    conflict_withdraw(declaration=declaration, actor=reviewer)
    _assert_ended(client, mine, ended_reviews.CONFLICT)


@pytest.mark.parametrize("who", ["other_reviewer", "candidate", "staff", "anonymous"])
def test_nobody_else_learns_that_the_ended_review_exists(
    client,
    submitted,  # noqa: F811
    django_capture_on_commit_callbacks,
    who,
):
    """Another reviewer (one of the version's, and one of another set), the candidate, staff
    and an anonymous visitor: the ended review answers exactly as an id never made, page and
    API."""
    candidate = _candidate(submitted)
    with django_capture_on_commit_callbacks(execute=True):
        account_deactivate(user=candidate, actor=UserFactory(roles=[Role.PROGRAM_STAFF]))
    ended = _withdrawn(submitted)
    if who == "other_reviewer":
        people = [a.reviewer for a in submitted.assignments.exclude(reviewer=ended.reviewer)]
        people.append(UserFactory(roles=[Role.REVIEWER]))
    elif who == "candidate":
        people = [UserFactory(roles=[Role.CANDIDATE])]
    elif who == "staff":
        people = [UserFactory(roles=[Role.PROGRAM_STAFF])]
    else:
        people = [None]
    for person in people:
        client.logout()
        if person is not None:
            client.force_login(person)
        seen, never = _assess(client, ended.pk), _assess(client, NEVER)
        assert seen.status_code == never.status_code
        assert seen.status_code in (302, 403, 404)
        assert _without_csrf(seen.text) == _without_csrf(never.text)
        assert ended_reviews.HEADING not in seen.text
        if seen.status_code == 302:
            assert seen.url.split("?")[0] == never.url.split("?")[0]
        api, api_never = (client.get(f"/api/v1/reviews/{pk}") for pk in (ended.pk, NEVER))
        assert api.status_code == api_never.status_code
        assert api.status_code in (401, 403, 404)
        answers = [a.json() for a in (api, api_never)]
        for answer, pk in zip(answers, (ended.pk, NEVER), strict=True):
            answer["instance"] = answer.get("instance", "").removesuffix(f"/{pk}")
        assert answers[0] == answers[1]
