"""The chair confirms the committee's ranking (ADR 0050): the highest means are awarded and the
rest told why, a tie for the last place is drawn once applications closed, the page shows
the outcome first and confirms only the one it showed; the plan keeps unscored and
ineligible applications apart."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.scholarships import ranking
from certify.scholarships.models import (
    Award,
    Draw,
    Fund,
    ScholarshipApplication,
)
from certify.scholarships.services import (
    application_award,
    award_obstacles,
    committee_confirm,
    draw_is_reproduced,
)
from tests.scholarships.conftest import apply, closed, score

pytestmark = pytest.mark.django_db


def test_the_chair_confirms_the_highest_means_and_the_rest_are_told_why(
    enrollment_fund, chair, members, make_member, program
):
    Fund.objects.filter(pk=enrollment_fund.pk).update(max_awards=2, budget_cents=40_000)
    apps = [apply(enrollment_fund, make_member(full_name=f"Applicant {i}")) for i in range(4)]
    for app, points in zip(apps, (9, 4, 7, 2), strict=True):
        score(app, members[0], points, points)
        score(app, members[1], points, points)
    unscored = apply(enrollment_fund, make_member(full_name="Not Scored"))
    with pytest.raises(DomainError, match="Only the chair"):
        committee_confirm(fund=enrollment_fund, actor=members[0])
    with pytest.raises(DomainError, match="The chair of the SSD LSSCP Enrollment Scholarship"):
        application_award(application=apps[0], actor=members[0])
    done = committee_confirm(fund=enrollment_fund, actor=chair)
    assert [a.pk for a in done.awarded] == [apps[0].pk, apps[2].pk]
    assert done.draw is None
    statuses = dict(ScholarshipApplication.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in apps] == ["awarded", "declined", "awarded", "declined"]
    assert statuses[unscored.pk] == "submitted"
    first = ScholarshipApplication.objects.get(pk=apps[0].pk)
    assert "Ranked 1 of 4 by the committee's mean score (18.00 out of 20)" in first.reason
    assert "went to the applications ranked higher" in (
        ScholarshipApplication.objects.get(pk=apps[1].pk).reason
    )
    with pytest.raises(DomainError, match="no award left"):
        committee_confirm(fund=enrollment_fund, actor=chair)
    enrollment_fund.refresh_from_db()
    assert (enrollment_fund.awards_made, Award.objects.count()) == (2, 2)


def test_a_tie_for_the_last_place_is_drawn_only_once_applications_close(
    enrollment_fund, chair, members, make_member, program
):
    Fund.objects.filter(pk=enrollment_fund.pk).update(max_awards=2, budget_cents=40_000)
    top, tied_a, tied_b = (apply(enrollment_fund, make_member()) for _ in range(3))
    score(top, members[0], 10, 10)
    for app in (tied_a, tied_b):
        score(app, members[0], 5, 5)
    with pytest.raises(DomainError, match=r"ties are drawn at random.*open until further notice"):
        committee_confirm(fund=enrollment_fund, actor=chair)
    assert not Award.objects.exists()
    assert not Draw.objects.exists()
    done = committee_confirm(fund=closed(enrollment_fund), actor=chair, seed="tie-seed")
    draw = done.draw
    assert draw is not None
    assert draw.breaks_tie
    assert (sorted(draw.pool), draw.places, draw.seed) == (
        sorted([tied_a.pk, tied_b.pk]),
        1,
        "tie-seed",
    )
    assert draw_is_reproduced(draw=draw)
    assert {a.pk for a in done.awarded} == {top.pk, draw.winners[0]}
    assert len(done.declined) == 1
    assert Award.objects.get(application_id=draw.winners[0]).draw_id == draw.pk


def test_confirming_shows_a_page_first_and_changes_nothing_until_posted(
    client, enrollment_fund, chair, members, member, program
):
    application = apply(enrollment_fund, member)
    score(application, members[0], 8, 8)
    url = reverse("scholarships:confirm", args=[enrollment_fund.slug])
    client.force_login(members[0])
    assert client.get(url).status_code == 403  # a member who is not the chair
    assert client.post(url).status_code == 403
    client.force_login(chair)
    page = client.get(url)
    assert page.status_code == 200
    assert "Ravi Patel: mean 16.00 of 20" in page.text
    assert "Yes, confirm these awards" in page.text
    assert ScholarshipApplication.objects.get(pk=application.pk).status == "submitted"
    response = client.post(url, {"outcome": _outcome_on(page)}, follow=True)
    assert "1 award confirmed" in response.text
    assert ScholarshipApplication.objects.get(pk=application.pk).status == "awarded"


def _outcome_on(page) -> str:
    found = re.search(r'name="outcome" value="([^"]*)"', page.text)
    return found.group(1) if found else ""


def test_the_chair_confirms_the_outcome_the_page_showed_not_one_changed_since(
    client, enrollment_fund, chair, members, make_member, program
):
    """A member rescoring while the chair reads the page would otherwise change who is
    awarded without the chair seeing it: the confirmation is refused and shows the new one."""
    Fund.objects.filter(pk=enrollment_fund.pk).update(max_awards=1, budget_cents=20_000)
    first = apply(enrollment_fund, make_member(full_name="Ada First"))
    second = apply(enrollment_fund, make_member(full_name="Ben Second"))
    score(first, members[0], 9, 9)
    score(second, members[0], 5, 5)
    url = reverse("scholarships:confirm", args=[enrollment_fund.slug])
    client.force_login(chair)
    seen = _outcome_on(client.get(url))
    score(second, members[0], 10, 10)  # rescored: now Ben ranks first
    response = client.post(url, {"outcome": seen}, follow=True)
    assert "The ranking changed since you opened the page" in response.text
    assert "Ben Second: mean 20.00 of 20" in response.text
    assert not Award.objects.exists()
    assert set(ScholarshipApplication.objects.values_list("status", flat=True)) == {"submitted"}
    response = client.post(url, {"outcome": _outcome_on(response)}, follow=True)
    assert "1 award confirmed" in response.text
    assert Award.objects.get().application_id == second.pk


def test_the_plan_keeps_unscored_and_ineligible_applications_apart(
    enrollment_fund, chair, members, make_member, member, program
):
    from certify.memberships.models import Membership

    scored = apply(enrollment_fund, member)
    lapsed = apply(enrollment_fund, make_member(full_name="Lapsed Member"))
    apply(enrollment_fund, make_member(full_name="Waiting Still"))
    score(scored, members[0], 5, 5)
    score(lapsed, members[0], 9, 9)
    Membership.objects.filter(user=lapsed.applicant).delete()
    outline = ranking.plan(
        fund=enrollment_fund,
        today=timezone.localdate() + timedelta(days=0),
        obstacles=award_obstacles,
    )
    assert [r.application.pk for r in outline.awarded] == [scored.pk]
    assert [r.application.pk for r in outline.ineligible] == [lapsed.pk]
    assert "not a confirmed SSD member" in outline.ineligible[0].obstacle
    assert [r.name for r in outline.unscored] == ["Waiting Still"]
