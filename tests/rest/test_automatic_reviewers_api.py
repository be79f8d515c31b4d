"""`GET /api/v1/staff/portfolios/submissions/{id}/reviewers/automatic`: whom the automatic
assignment would pick for a submitted version, in its order, and why it passes the rest of the
pool by. The service assigns from the same selector (`portfolios.automatic_reviewers`), so the
ones the API marks `picked` are the ones it then assigns. Program staff only (a token with the
"staff" scope), never on their own portfolio; a fixed number of queries however many reviewers
there are."""

import pytest

from certify.accounts.models import Role, RoleAssignment
from certify.accounts.tokens import token_create
from certify.portfolios import services
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
    return f"/api/v1/staff/portfolios/submissions/{submission.pk}/reviewers/automatic"


def free_a_place(submission):
    first = submission.assignments.order_by("id").first()
    ReviewAssignment.objects.filter(pk=first.pk).update(status=ReviewAssignment.Status.WITHDRAWN)
    return first.reviewer


def test_a_version_with_its_two_reviewers_has_no_place_to_fill(
    client,
    submitted,  # noqa: F811
    staff,
):
    client.force_login(staff)
    answer = client.get(url(submitted))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "submission_id": submitted.pk,
        "round": 1,
        "places": 0,
        "reviewers": [],
        "left_out": [],
        "none": "",
    }


def test_the_order_and_reasons_are_the_services_and_it_assigns_the_one_picked(
    client,
    submitted,  # noqa: F811
    staff,
):
    withdrawn = free_a_place(submitted)
    rosa = ReviewerProfile.objects.get(user__full_name="Rosa Rater").user
    neighbour = make_reviewer("Nell Neighbour", employer="Riverside Public Library")
    make_reviewer("Ned Novice", sets=("TECH",))  # no expertise in the set: not in the pool
    loaded = make_reviewer("Lou Loaded", capacity=10)
    ReviewAssignment.objects.create(
        submission=submitted,
        reviewer=loaded,
        round=5,  # an open review, not on this round: it counts in Lou's load only
        due_on=submitted.assignments.first().due_on,
    )
    client.force_login(staff)
    body = client.get(url(submitted)).json()
    assert (body["round"], body["places"], body["none"]) == (1, 1, "")
    # the least loaded first (the withdrawn reviewer and Rosa: none open), then by id
    idle = sorted([withdrawn, rosa], key=lambda u: u.pk)
    assert [(r["id"], r["open_reviews"], r["picked"]) for r in body["reviewers"]] == [
        (idle[0].pk, 0, True),
        (idle[1].pk, 0, False),
        (loaded.pk, 1, False),
    ]
    assert body["reviewers"][2]["capacity"] == 10
    assert body["left_out"] == [
        {
            "id": neighbour.pk,
            "name": "Nell Neighbour",
            "reason": "The reviewer works at a library where the candidate works or worked.",
        }
    ]
    # The service assigns exactly the one picked.
    before = set(submitted.assignments.values_list("pk", flat=True))
    services.reviewers_assign_auto(submission=submitted)
    assert submitted.assignments.exclude(pk__in=before).get().reviewer_id == idle[0].pk


def test_a_resubmission_goes_first_to_who_reviewed_the_version_before(
    client,
    submitted,  # noqa: F811
    staff,
):
    """`reviewed_earlier_version` comes before the load: the version before's two reviewers,
    each with an open review, go before Rosa, who has none."""
    before = sorted(submitted.assignments.values_list("reviewer_id", flat=True))
    second = type(submitted).objects.create(
        portfolio=submitted.portfolio, number=submitted.number + 1, snapshot={}
    )
    client.force_login(staff)
    body = client.get(url(second)).json()
    assert body["places"] == 2
    assert [
        (r["id"], r["reviewed_earlier_version"], r["open_reviews"], r["picked"])
        for r in body["reviewers"]
    ] == [
        (before[0], True, 1, True),
        (before[1], True, 1, True),
        (ReviewerProfile.objects.get(user__full_name="Rosa Rater").user_id, False, 0, False),
    ]


def test_a_reviewer_at_capacity_is_left_out_with_the_reason_and_an_empty_place_is_said(
    client,
    submitted,  # noqa: F811
    staff,
):
    withdrawn = free_a_place(submitted)
    ReviewerProfile.objects.exclude(user=withdrawn).update(active=False)
    ReviewerProfile.objects.filter(user=withdrawn).update(capacity=0)
    client.force_login(staff)
    body = client.get(url(submitted)).json()
    assert body["places"] == 1
    assert body["reviewers"] == []
    assert body["left_out"] == [
        {
            "id": withdrawn.pk,
            "name": str(withdrawn),
            "reason": f"{withdrawn} has 0 open reviews, as many as their reviewer profile takes.",
        }
    ]
    assert body["none"] == "Not enough eligible reviewers with capacity: staff must assign."
    assert services.reviewers_assign_auto(submission=submitted)[-1].reviewer_id != withdrawn.pk


def test_the_service_assigns_the_first_one_picked(client, submitted, staff):  # noqa: F811
    free_a_place(submitted)
    for n in range(3):
        make_reviewer(f"Extra Reviewer {n}")
    client.force_login(staff)
    body = client.get(url(submitted)).json()
    assert body["places"] == 1
    first = body["reviewers"][0]
    assert first["picked"]
    assert not any(r["picked"] for r in body["reviewers"][1:])
    before = set(submitted.assignments.values_list("pk", flat=True))
    services.reviewers_assign_auto(submission=submitted)
    new = submitted.assignments.exclude(pk__in=before).get()
    assert new.reviewer_id == first["id"]
    assert client.get(url(submitted)).json()["places"] == 0


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


def test_a_token_needs_the_staff_scope(client, submitted, staff):  # noqa: F811
    other = token_create(user=staff, name="invoices", scopes=["payments"]).secret
    answer = client.get(url(submitted), headers={"Authorization": f"Bearer {other}"})
    assert answer.status_code == 403
    scoped = token_create(user=staff, name="staff", scopes=["staff"]).secret
    answer = client.get(url(submitted), headers={"Authorization": f"Bearer {scoped}"})
    assert answer.status_code == 200, answer.text


def test_an_unknown_submission_is_a_404(client, staff, submitted):  # noqa: F811
    client.force_login(staff)
    gone = f"/api/v1/staff/portfolios/submissions/{submitted.pk + 999}/reviewers/automatic"
    assert client.get(gone).status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(client, submitted, staff):  # noqa: F811
    free_a_place(submitted)
    # one with an employer from the start: the candidate's libraries are read once then
    make_reviewer("Extra Reviewer first", employer="Library first")
    client.force_login(staff)
    client.get(url(submitted))  # the session and the caches warm

    def listed() -> int:
        answer = client.get(url(submitted))
        assert answer.status_code == 200
        body = answer.json()
        return len(body["reviewers"]) + len(body["left_out"])

    few = count_queries(listed)
    for n in range(8):
        make_reviewer(f"Extra Reviewer {n}", employer=f"Library {n}")
    for n in range(3):
        make_reviewer(f"Full Reviewer {n}", capacity=0)  # left out: at capacity
    for n in range(3):
        UserFactory(full_name=f"Other {n}", roles=[Role.REVIEWER])  # no profile: not in it
    many = 0

    def count() -> None:
        nonlocal many
        many = listed()

    assert count_queries(count) == few
    assert many == 2 + 1 + 8 + 3  # the withdrawn one and Rosa, the first extra, 8, the full 3


# --- POST: assign the ones read, or nothing ---------------------------------------------------


def test_post_assigns_exactly_the_ones_read(client, submitted, staff):  # noqa: F811
    free_a_place(submitted)
    client.force_login(staff)
    picked = [r["id"] for r in client.get(url(submitted)).json()["reviewers"] if r["picked"]]
    answer = client.post(url(submitted), {"picked": picked}, content_type="application/json")
    assert answer.status_code == 201, answer.text
    (made,) = answer.json()
    assert (made["reviewer_id"], made["status"], made["round"]) == (picked[0], "assigned", 1)
    assert ReviewAssignment.objects.get(pk=made["id"]).assigned_by == staff
    # as the staff page says it: the automatic assignment's, pressed by them
    assert made["automatic"] is True
    assert made["assigned"] == f"Automatic (pressed by {staff.full_name})"
    # a second call finds the place filled: nothing assigned twice
    again = client.post(url(submitted), {"picked": picked}, content_type="application/json")
    assert again.status_code == 400
    assert "this version has its two reviewers now" in again.json()["detail"]
    assert submitted.assignments.exclude(status="withdrawn").count() == 2


def test_post_refuses_in_words_when_the_pick_changed_since_read(
    client,
    submitted,  # noqa: F811
    staff,
):
    free_a_place(submitted)
    client.force_login(staff)
    body = client.get(url(submitted)).json()
    first, second = body["reviewers"][0], body["reviewers"][1]
    ReviewerProfile.objects.filter(user_id=first["id"]).update(capacity=0)  # meanwhile
    before = submitted.assignments.count()
    answer = client.post(url(submitted), {"picked": [first["id"]]}, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["detail"] == (
        "Nobody was assigned: whom the automatic assignment picks changed since you opened the "
        f"page. {first['name']} has 0 open reviews, as many as their reviewer profile takes. It "
        f"now picks {second['name']}. Check the page as it stands now, and assign again if you "
        "agree."
    )
    assert submitted.assignments.count() == before


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
def test_post_is_refused_to_other_roles(client_as, submitted, role, status):  # noqa: F811
    rosa = ReviewerProfile.objects.get(user__full_name="Rosa Rater").user_id
    free_a_place(submitted)
    before = submitted.assignments.count()
    answer = client_as(role).post(
        url(submitted), {"picked": [rosa]}, content_type="application/json"
    )
    assert answer.status_code == status
    assert submitted.assignments.count() == before


def test_post_is_refused_to_the_portfolios_candidate_though_staff(
    client,
    submitted,  # noqa: F811
):
    free_a_place(submitted)
    candidate = submitted.portfolio.planned_set.application.candidate
    RoleAssignment.objects.create(user=candidate, role=Role.PROGRAM_STAFF)
    client.force_login(candidate)
    before = submitted.assignments.count()
    answer = client.post(url(submitted), {"picked": []}, content_type="application/json")
    assert answer.status_code == 403
    assert answer.json()["detail"].startswith("This is your own portfolio")
    assert submitted.assignments.count() == before
