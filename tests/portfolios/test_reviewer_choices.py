"""Staff's lists of reviewers to add or to put in place of one: only those the service accepts
(its own rule, `services.reviewer_refusals`), and a sentence when nobody can be chosen."""

import re

import pytest
from django.urls import reverse

from certify.accounts.api import conflict_declare
from certify.accounts.models import Role, RoleAssignment
from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from certify.portfolios.reviewer_choices import reviewer_choices
from certify.programs.models import CompetencySet
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)


def options(page: str, select_id: str) -> list[str]:
    found = re.search(rf'<select[^>]* id="{select_id}"[^>]*>(.*?)</select>', page, re.S)
    if found is None:
        return []
    return [o for o in re.findall(r"<option[^>]*>([^<]*)</option>", found.group(1)) if o]


@pytest.fixture
def pool(submitted, reviewers):  # noqa: F811
    """Beside the two assigned and one spare (Rosa Rater): a reviewer with a declared conflict,
    one without expertise in the set, an inactive one, and the candidate, who is a reviewer too."""
    candidate = submitted.portfolio.planned_set.application.candidate
    conflicted = make_reviewer("Cole Conflicted")
    conflict_declare(actor=conflicted, reason="My neighbor.", person_email=candidate.email)
    make_reviewer("Nina Novice", sets=("FLS",))
    inactive = make_reviewer("Ida Inactive")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    RoleAssignment.objects.create(user=candidate, role=Role.REVIEWER)
    profile = ReviewerProfile.objects.create(user=candidate)
    profile.expertise.set(CompetencySet.objects.filter(code="CT"))
    return submitted


def test_each_list_offers_only_whom_the_service_accepts(client, pool, staff):
    client.force_login(staff)
    page = client.get(reverse("portfolios:staff_submission", args=[pool.pk])).text
    assigned = list(pool.assignments.select_related("reviewer"))
    assert len(assigned) == 2
    for a in assigned:
        # Not the one replaced, not the other reviewer of the version, not the conflicted, the
        # novice, the inactive one nor the candidate herself.
        assert options(page, f"rep-{a.pk}") == ["Rosa Rater"]
    # The version has its two reviewers: nobody can be added.
    assert "This version has its two reviewers: to change one, replace them above." in page
    assert 'id="id_reviewer"' not in page


def test_a_free_place_lists_whom_may_be_added(client, pool, staff):
    first = pool.assignments.order_by("id").first()
    ReviewAssignment.objects.filter(pk=first.pk).update(status=ReviewAssignment.Status.WITHDRAWN)
    client.force_login(staff)
    page = client.get(reverse("portfolios:staff_submission", args=[pool.pk])).text
    # The withdrawn reviewer may come back; the one still on the version may not be added twice.
    listed = options(page, "id_reviewer")
    assert listed[0] == "Choose a reviewer"
    assert sorted(listed[1:]) == sorted([str(first.reviewer), "Rosa Rater"])


def test_it_says_when_nobody_can_take_a_review(client, pool, staff):
    spare = ReviewerProfile.objects.get(user__full_name="Rosa Rater").user
    candidate = pool.portfolio.planned_set.application.candidate
    conflict_declare(actor=spare, reason="My cousin.", person_email=candidate.email)
    client.force_login(staff)
    page = client.get(reverse("portfolios:staff_submission", args=[pool.pk])).text
    assert 'name="replacing"' not in page
    assert page.count("Nobody else can take this review") == 2


def test_the_lists_and_the_service_apply_one_rule(pool, staff):
    assignments = list(pool.assignments.all())
    choices = reviewer_choices(submission=pool, assignments=assignments)
    replacing = assignments[0]
    listed = {u.pk for u in choices.replace[replacing.pk]}
    reviewers = [
        ra.user for ra in RoleAssignment.objects.filter(role=Role.REVIEWER).select_related("user")
    ]
    for reviewer in reviewers:
        if reviewer.pk in listed:  # the inactive one too: the rule refuses them
            continue
        with pytest.raises(DomainError):
            services.reviewer_assign(
                submission=pool, reviewer=reviewer, actor=staff, replacing=replacing
            )
    replacing.refresh_from_db()
    assert replacing.status == ReviewAssignment.Status.ASSIGNED  # nothing withdrawn by a refusal
    (chosen,) = choices.replace[replacing.pk]
    services.reviewer_assign(submission=pool, reviewer=chosen, actor=staff, replacing=replacing)
    replacing.refresh_from_db()
    assert replacing.status == ReviewAssignment.Status.WITHDRAWN
