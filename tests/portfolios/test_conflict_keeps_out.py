"""A conflict of interest keeps staff out of the case, not only its decisions (ADR 0022): staff
who declared one with a candidate (or a library where the candidate works) are refused, with
the reason, every staff page and API operation that shows that candidate's portfolio, its
reviewers, its evidence or its files; the list shows the case as "Conflict declared" without a
link. Withdrawing the declaration lets them in again; another staff member is never refused."""

import pytest
from django.urls import reverse

from certify.accounts.api import conflict_declare, conflict_withdraw
from certify.accounts.models import Role
from certify.portfolios.access import CONFLICT_DECLARED, CONFLICT_LABEL
from certify.portfolios.models import ReviewAssignment
from tests.conftest import count_queries
from tests.factories import ExperienceEntryFactory, UserFactory
from tests.portfolios.test_views import submit

WORDS = "You declared a conflict of interest with this candidate"


@pytest.fixture
def submitted(complete_portfolio, reviewers):
    return submit(complete_portfolio)


@pytest.fixture
def conflicted(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF], full_name="Cora Conflicted")


def _declare(person, submission):
    candidate = submission.portfolio.planned_set.application.candidate
    return conflict_declare(actor=person, person_email=candidate.email, reason="My cousin.")


def _pages(submission):
    """Each staff page showing the candidate's portfolio: (method, url, data)."""
    planned_id = submission.portfolio.planned_set_id
    item = submission.portfolio.responses.first().evidence.first()
    return [
        ("get", reverse("portfolios:staff_submission", args=[submission.pk]), {}),
        ("post", reverse("portfolios:staff_submission", args=[submission.pk]), {"reviewer": "1"}),
        ("get", reverse("portfolios:portfolio", args=[planned_id]), {}),
        ("get", reverse("portfolios:preview", args=[planned_id]), {}),
        ("get", reverse("portfolios:evidence", args=[item.pk]), {}),
        ("get", reverse("portfolios:evidence_view", args=[item.pk]), {}),
    ]


def _api(submission):
    planned_id = submission.portfolio.planned_set_id
    staff = f"/api/v1/staff/portfolios/submissions/{submission.pk}"
    return [
        f"/api/v1/portfolios/{planned_id}",
        f"{staff}/reviewers",
        f"{staff}/reviewers/automatic",
    ]


def test_staff_who_declared_a_conflict_are_refused_every_page_with_the_reason(
    client, submitted, conflicted, staff
):
    _declare(conflicted, submitted)
    reviewer_names = [a.reviewer.full_name for a in submitted.assignments.all()]
    assert reviewer_names
    client.force_login(conflicted)
    for method, url, data in _pages(submitted):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert WORDS in response.text, url
        assert reviewer_names[0] not in response.text, url
        assert "Desk log" not in response.text, url
    assert ReviewAssignment.objects.filter(submission=submitted).count() == len(reviewer_names)
    # "Assign automatically" is refused too, and assigns nobody
    url = reverse("portfolios:staff_assign_automatic", args=[submitted.pk])
    assert client.post(url, {"picked": ["1"]}).status_code == 403
    assert ReviewAssignment.objects.filter(submission=submitted).count() == len(reviewer_names)
    # another staff member opens every one of them
    client.force_login(staff)
    for method, url, _ in _pages(submitted):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_the_api_refuses_them_with_the_reason(client, submitted, conflicted, staff):
    _declare(conflicted, submitted)
    client.force_login(conflicted)
    for url in _api(submitted):
        answer = client.get(url)
        assert answer.status_code == 403, url
        assert answer.json()["detail"] == CONFLICT_DECLARED, url
    answer = client.post(
        f"/api/v1/staff/portfolios/submissions/{submitted.pk}/reviewers",
        {"reviewer_id": 1},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert answer.json()["detail"] == CONFLICT_DECLARED
    client.force_login(staff)
    for url in _api(submitted):
        assert client.get(url).status_code == 200, url


def test_a_withdrawn_declaration_lets_them_in_again(client, submitted, conflicted):
    declaration = _declare(conflicted, submitted)
    client.force_login(conflicted)
    url = reverse("portfolios:staff_submission", args=[submitted.pk])
    assert client.get(url).status_code == 403
    conflict_withdraw(declaration=declaration, actor=conflicted)
    assert client.get(url).status_code == 200


def test_a_conflict_with_the_candidates_library_keeps_them_out_too(client, submitted, conflicted):
    application = submitted.portfolio.planned_set.application
    ExperienceEntryFactory(application=application, library_name="Maple Grove Public Library")
    conflict_declare(
        actor=conflicted, organisation="Maple Grove Public Library", reason="I run it."
    )
    client.force_login(conflicted)
    response = client.get(reverse("portfolios:staff_submission", args=[submitted.pk]))
    assert response.status_code == 403
    assert WORDS in response.text


def test_the_candidate_sees_their_own_portfolio_whatever_they_declared(client, submitted):
    candidate = submitted.portfolio.planned_set.application.candidate
    client.force_login(candidate)
    url = reverse("portfolios:portfolio", args=[submitted.portfolio.planned_set_id])
    assert client.get(url).status_code == 200


def test_the_list_shows_the_case_as_conflict_declared_without_its_link(
    client, submitted, conflicted, staff
):
    _declare(conflicted, submitted)
    link = reverse("portfolios:staff_submission", args=[submitted.pk])
    client.force_login(conflicted)
    page = client.get(reverse("portfolios:staff_submissions")).text
    assert CONFLICT_LABEL in page
    assert f'href="{link}"' not in page
    client.force_login(staff)
    page = client.get(reverse("portfolios:staff_submissions")).text
    assert CONFLICT_LABEL not in page
    assert f'href="{link}"' in page


def test_the_lists_query_count_does_not_grow_with_conflicted_cases(
    client, submitted, conflicted, reviewers
):
    from tests.portfolios.conftest import _submission_for

    _declare(conflicted, submitted)
    client.force_login(conflicted)
    few = count_queries(lambda: client.get(reverse("portfolios:staff_submissions")))
    for _ in range(3):
        other = _submission_for(UserFactory(), reviewers[0])
        _declare(conflicted, other.submission)
    page = client.get(reverse("portfolios:staff_submissions")).text
    assert page.count(CONFLICT_LABEL) == 4
    assert count_queries(lambda: client.get(reverse("portfolios:staff_submissions"))) == few
