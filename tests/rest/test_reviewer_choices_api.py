"""`GET /api/v1/staff/portfolios/submissions/{id}/reviewers`: the reviewers staff may choose for
a submitted version, as its staff page lists them (`portfolios.reviewer_choices`, the rule
`reviewer_assign` refuses by); program staff only, never on their own portfolio; a fixed number
of queries however many reviewers there are."""

import re

import pytest
from django.urls import reverse

from certify.accounts.models import Role, RoleAssignment
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    complete_portfolio,
    enrolled,
    make_reviewer,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)


def url(submission):
    return f"/api/v1/staff/portfolios/submissions/{submission.pk}/reviewers"


def options(page: str, select_id: str) -> list[str]:
    found = re.search(rf'<select[^>]* id="{select_id}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None, select_id
    return re.findall(r'<option value="(\d+)"', found.group(1))


def test_staff_get_the_pages_lists_and_each_one_listed_is_accepted(
    client,
    submitted,  # noqa: F811
    staff,
):
    inactive = make_reviewer("Ida Inactive")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    make_reviewer("Paula Paused")
    ReviewerProfile.objects.filter(user__full_name="Paula Paused").update(active=False)
    client.force_login(staff)
    answer = client.get(url(submitted))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["submission_id"] == submitted.pk
    assert body["add"] == []
    assert body["add_none"] == (
        "This version has its two reviewers: to change one, replace them above."
    )
    page = client.get(reverse("portfolios:staff_submission", args=[submitted.pk])).text
    open_ones = list(submitted.assignments.order_by("id"))
    assert [r["assignment_id"] for r in body["replace"]] == [a.pk for a in open_ones]
    for row, assignment in zip(body["replace"], open_ones, strict=True):
        assert row["reviewer_id"] == assignment.reviewer_id
        assert [r["name"] for r in row["reviewers"]] == ["Rosa Rater"]  # not Ida, not Paula
        assert row["none"] == ""
        # the page offers the same people
        assert [str(r["id"]) for r in row["reviewers"]] == options(page, f"rep-{assignment.pk}")
    # The one listed is accepted by the POST on the same path.
    first = body["replace"][0]
    made = client.post(
        url(submitted),
        {"reviewer_id": first["reviewers"][0]["id"], "replacing": first["assignment_id"]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.text
    assert (made.json()["automatic"], made.json()["assigned"]) == (False, f"By {staff.full_name}")
    # The withdrawn reviewer may take either open review now; once their reviewer profile is
    # inactive nobody can, and the list says so in the page's words.
    withdrawn = open_ones[0].reviewer
    again = client.get(url(submitted)).json()
    assert [r["assignment_id"] for r in again["replace"]] == [
        open_ones[1].pk,
        made.json()["id"],
    ]
    assert all([r["id"] for r in row["reviewers"]] == [withdrawn.pk] for row in again["replace"])
    ReviewerProfile.objects.filter(user=withdrawn).update(active=False)
    again = client.get(url(submitted)).json()
    assert all(row["reviewers"] == [] for row in again["replace"])
    assert all(row["none"].startswith("Nobody else can take") for row in again["replace"])


def test_a_free_place_lists_whom_may_be_added(client, submitted, staff):  # noqa: F811
    first = submitted.assignments.order_by("id").first()
    ReviewAssignment.objects.filter(pk=first.pk).update(status=ReviewAssignment.Status.WITHDRAWN)
    client.force_login(staff)
    body = client.get(url(submitted)).json()
    assert sorted(r["name"] for r in body["add"]) == sorted([str(first.reviewer), "Rosa Rater"])
    assert body["add_none"] == ""
    assert first.pk not in [r["assignment_id"] for r in body["replace"]]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("candidate", 403),
        ("reviewer", 403),
        ("provider", 403),
        ("sponsor", 403),
        ("no_role", 403),
    ],
)
def test_other_roles_are_refused(client_as, submitted, role, status):  # noqa: F811
    assert client_as(role).get(url(submitted)).status_code == status


def test_the_portfolios_own_candidate_is_refused_though_staff(client, submitted):  # noqa: F811
    candidate = submitted.portfolio.planned_set.application.candidate
    RoleAssignment.objects.create(user=candidate, role=Role.PROGRAM_STAFF)
    client.force_login(candidate)
    answer = client.get(url(submitted))
    assert answer.status_code == 403
    assert answer.json()["detail"].startswith("This is your own portfolio")


def test_an_unknown_submission_is_a_404(client, staff, submitted):  # noqa: F811
    client.force_login(staff)
    assert (
        client.get(
            f"/api/v1/staff/portfolios/submissions/{submitted.pk + 999}/reviewers"
        ).status_code
        == 404
    )


def test_the_list_reads_a_fixed_number_of_queries(client, submitted, staff):  # noqa: F811
    # one with an employer from the start: the candidate's libraries are read once then
    make_reviewer("Extra Reviewer first", employer="Library first")
    client.force_login(staff)
    client.get(url(submitted))  # the session and the caches warm

    def listed() -> int:
        answer = client.get(url(submitted))
        assert answer.status_code == 200
        return sum(len(r["reviewers"]) for r in answer.json()["replace"])

    few = count_queries(listed)
    for n in range(8):
        make_reviewer(f"Extra Reviewer {n}", employer=f"Library {n}")
    for n in range(3):
        UserFactory(full_name=f"Other {n}", roles=[Role.REVIEWER])  # no profile: refused
    many = 0

    def count() -> None:
        nonlocal many
        many = listed()

    assert count_queries(count) == few
    assert many == 2 * 10  # each open review: Rosa and the nine more
