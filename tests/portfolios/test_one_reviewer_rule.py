"""One rule for who may review a version (`services.reviewer_refusals`): the automatic
assignment picks by it as staff's choice does, in a fixed number of queries however many
reviewers are in the pool; an inactive reviewer (a deactivated account, the reviewer role ended,
the reviewer profile marked inactive) is refused by it on the page and through the API, in
words, with nothing withdrawn."""

import pytest
from django.urls import reverse

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role, RoleAssignment
from certify.accounts.services import role_revoke
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.portfolios import services
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from certify.programs.models import CompetencySet
from tests.conftest import count_queries
from tests.portfolios.conftest import make_reviewer, owner
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)

NEEDS_REVIEWERS = "Not enough eligible reviewers with capacity: staff must assign."


def _deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])


def _profile_off(user):
    ReviewerProfile.objects.filter(user=user).update(active=False)


def _role_ended(user, staff):
    role_revoke(user=user, role=Role.REVIEWER, actor=staff, reason="Left the pool.")


def _never_a_reviewer(user, staff):
    """A reviewer profile, but the role never held: no ended period to tell of."""
    RoleAssignment.objects.filter(user=user, role=Role.REVIEWER).delete()


# --- The automatic assignment asks the rule ----------------------------------------------------


def test_the_automatic_assignment_picks_whom_the_rule_accepts(complete_portfolio, lsscp, staff):
    candidate = owner(complete_portfolio)
    declared = make_reviewer("Declared Conflict")
    conflict_declare(actor=declared, person_email=candidate.email, reason="Sister")
    make_reviewer("Same Library", employer="riverside public library")
    make_reviewer("Wrong Expertise", sets=("CAT",))
    full = make_reviewer("Fully Booked", capacity=0)
    _role_ended(make_reviewer("Role Ended"), staff)
    # the candidate in the pool: a reviewer too, expert in the set
    RoleAssignment.objects.create(user=candidate, role=Role.REVIEWER)
    ReviewerProfile.objects.create(user=candidate).expertise.set(
        CompetencySet.objects.filter(code="CT")
    )
    able = make_reviewer("Able One")
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    # Only one place filled, and its message kept.
    assert [a.reviewer for a in submission.assignments.all()] == [able]
    entry = AuditEvent.objects.get(verb="portfolio.needs_reviewers")
    assert entry.reason == NEEDS_REVIEWERS
    # Each one it skipped, staff's choice refuses too, by the same rule: all but the one at
    # capacity (capacity and load are staff's to judge, ADR 0007).
    refused = services.reviewer_refusals(
        submission=submission,
        reviewers=[p.user for p in ReviewerProfile.objects.exclude(user=able)],
    )
    assert refused.pop(full.pk) == ""
    assert all(refused.values()), refused


def test_a_reviewer_one_below_capacity_is_picked_at_capacity_not(complete_portfolio, lsscp):
    """The edge: capacity 1 with no open review is picked, capacity 1 with one is not."""
    from tests.factories import UserFactory
    from tests.portfolios.conftest import _submission_for

    free = make_reviewer("Free Once", capacity=1)
    busy = make_reviewer("Busy Once", capacity=1)
    _submission_for(UserFactory(), busy)
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    assert [a.reviewer for a in submission.assignments.all()] == [free]


def test_the_automatic_assignment_reads_a_fixed_number_of_queries(complete_portfolio, lsscp):
    candidate = owner(complete_portfolio)
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    assert submission.assignments.count() == 0  # nobody in the pool yet

    def assign_then_free():
        made = services.reviewers_assign_auto(submission=submission)
        assert len(made) == 2
        ReviewAssignment.objects.filter(pk__in=[a.pk for a in made]).update(
            status=ReviewAssignment.Status.WITHDRAWN
        )

    for n in range(3):
        make_reviewer(f"Few {n}", employer=f"Library {n}")
    few = count_queries(assign_then_free)
    for n in range(9):
        make_reviewer(f"Many {n}", employer=f"Library {n}")
    assert count_queries(assign_then_free) == few


# --- Inactive reviewers are refused by the rule ----------------------------------------------


@pytest.mark.parametrize(
    ("make_inactive", "words"),
    [
        (lambda user, staff: _deactivate(user), "account is deactivated"),
        (_role_ended, "Rosa Rater's reviewer role ended on "),
        (_never_a_reviewer, "Rosa Rater is not a reviewer."),
        (lambda user, staff: _profile_off(user), "reviewer profile is inactive"),
    ],
    ids=["deactivated", "role-ended", "never-a-reviewer", "profile-inactive"],
)
def test_the_service_refuses_an_inactive_reviewer_and_withdraws_nothing(
    submitted,  # noqa: F811
    staff,
    make_inactive,
    words,
):
    spare = ReviewerProfile.objects.get(user__full_name="Rosa Rater").user
    make_inactive(spare, staff)
    replacing = submitted.assignments.order_by("id").first()
    with pytest.raises(DomainError, match=words):
        services.reviewer_assign(
            submission=submitted, reviewer=spare, actor=staff, replacing=replacing
        )
    replacing.refresh_from_db()
    assert replacing.status == ReviewAssignment.Status.ASSIGNED
    assert not submitted.assignments.filter(reviewer=spare).exists()
    # The user object passed in is not trusted: the rule reads the account again.
    spare.is_active = True
    assert services.reviewer_refusals(submission=submitted, reviewers=[spare])[spare.pk]


def test_the_page_refuses_an_inactive_reviewer_in_words(client, submitted, staff):  # noqa: F811
    spare = ReviewerProfile.objects.get(user__full_name="Rosa Rater").user
    _deactivate(spare)
    replacing = submitted.assignments.order_by("id").first()
    client.force_login(staff)
    url = reverse("portfolios:staff_submission", args=[submitted.pk])
    page = client.post(url, {"reviewer": spare.pk, "replacing": replacing.pk})
    assert page.status_code == 200
    assert "Rosa Rater&#x27;s account is deactivated: choose another reviewer." in page.text
    replacing.refresh_from_db()
    assert replacing.status == ReviewAssignment.Status.ASSIGNED
    # Someone who is nobody at all: the list's words, not Django's.
    page = client.post(url, {"reviewer": 999999, "replacing": replacing.pk})
    assert "Choose a reviewer from the list." in page.text


def test_the_api_refuses_an_inactive_reviewer_in_words(client, submitted, staff):  # noqa: F811
    spare = ReviewerProfile.objects.get(user__full_name="Rosa Rater").user
    _deactivate(spare)
    replacing = submitted.assignments.order_by("id").first()
    client.force_login(staff)
    answer = client.post(
        f"/api/v1/staff/portfolios/submissions/{submitted.pk}/reviewers",
        {"reviewer_id": spare.pk, "replacing": replacing.pk},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert (
        answer.json()["detail"] == "Rosa Rater's account is deactivated: choose another reviewer."
    )
    replacing.refresh_from_db()
    assert replacing.status == ReviewAssignment.Status.ASSIGNED
