"""The course completions and program claims lists (staff's, a provider's, the provider API's)
name a candidate who closed their account by their candidate number, "Account closed
(candidate LSSCP-C-…)", never the closure's placeholder name or address; the numbers are read
once per page, so a page of many closed accounts costs the queries of a page of one
(`accounts.api.listed_name`, ADR 0016)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import User
from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.courses.numbers import candidate_number
from tests.conftest import count_queries
from tests.courses.conftest import enrol
from tests.courses.test_api import bearer
from tests.courses.test_views import _more, world  # noqa: F401  (fixture)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _close(person: User, capture) -> None:
    with capture(execute=True):
        account_close(user=person, password=PASSWORD)


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


LISTS = [
    ("staff", lambda w: reverse("courses:staff_completions") + "?status="),
    ("staff", lambda w: reverse("courses:staff_claims") + "?status="),
    (
        "provider_user",
        lambda w: reverse("courses:provider_completions", args=[w["provider"].pk]) + "?status=",
    ),
]


@pytest.mark.parametrize(("who", "page"), LISTS)
def test_a_closed_candidates_row_names_their_candidate_number(
    client,
    world,  # noqa: F811
    who,
    page,
    django_capture_on_commit_callbacks,
):
    row = world["claim"] if "claims" in page(world) else world["completion"]
    number = candidate_number(row.application)
    _close(row.candidate, django_capture_on_commit_callbacks)
    client.force_login(world[who])

    text = _text(client.get(page(world)))

    assert f"Account closed (candidate {number})" in text
    assert CLOSED_NAME not in text
    assert "closed.invalid" not in text


@pytest.mark.parametrize(("who", "page"), LISTS)
def test_many_closed_accounts_cost_the_queries_of_one(
    client,
    world,  # noqa: F811
    who,
    page,
    django_capture_on_commit_callbacks,
):
    for row in (world["completion"], world["claim"]):
        _close(row.candidate, django_capture_on_commit_callbacks)
    client.force_login(world[who])
    url = page(world)
    assert client.get(url).status_code == 200
    few = count_queries(lambda: client.get(url))
    _more(world)
    for person in User.objects.filter(email__startswith="more"):
        _close(person, django_capture_on_commit_callbacks)

    text = _text(client.get(url))

    assert count_queries(lambda: client.get(url)) == few
    assert text.count("Account closed (candidate ") >= 4
    assert CLOSED_NAME not in text


def test_the_provider_api_names_a_closed_candidate_as_the_page_does(
    client,
    lsscp,
    provider,
    key,
    course,
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate().isoformat()
    url = f"/api/v1/providers/{provider.pk}/completions"
    applications = [
        enrol(lsscp, email=f"c{i}@example.org", name=f"C {i}", names=course) for i in range(3)
    ]
    reported = [
        {"email": a.candidate.email, "full_name": a.candidate.full_name, "completed_on": today}
        for a in applications
    ]
    client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
        {"completions": reported},
        content_type="application/json",
        headers=bearer(key),
    )
    assert client.get(url, headers=bearer(key)).json()["count"] == 3
    _close(applications[0].candidate, django_capture_on_commit_callbacks)
    few = count_queries(lambda: client.get(url, headers=bearer(key)))
    for application in applications[1:]:
        _close(application.candidate, django_capture_on_commit_callbacks)

    items = client.get(url, headers=bearer(key)).json()["items"]

    assert count_queries(lambda: client.get(url, headers=bearer(key))) == few
    assert sorted((i["candidate_name"], i["candidate_email"]) for i in items) == sorted(
        (f"Account closed (candidate {candidate_number(a)})", "") for a in applications
    )
