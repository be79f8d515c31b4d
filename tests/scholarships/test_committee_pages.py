"""What the committee's pages show (ADR 0050): others' scores hidden until a member has scored,
the next application to score, a declared conflict leaving the member out, the fund's rules
beside the application, the decision date, the fund form's chair, staff's view, and a
scoring list whose queries do not grow."""

from datetime import date

import pytest
from django.urls import reverse

from certify.accounts.api import conflict_declare
from certify.scholarships import ranking
from certify.scholarships.models import (
    Fund,
    Scorecard,
    SponsorMember,
)
from certify.scholarships.services import (
    application_award,
)
from tests.conftest import count_queries
from tests.scholarships.conftest import apply, score

pytestmark = pytest.mark.django_db


def test_other_members_scores_stay_hidden_until_the_member_has_scored(
    client, enrollment_fund, chair, members, member, program
):
    application = apply(enrollment_fund, member)
    score(application, members[0], 9, 3, "Moving statement")
    url = reverse("scholarships:score", args=[application.pk])
    client.force_login(members[1])
    page = client.get(url)
    assert "Hidden until you have scored it" in page.text
    assert "Moving statement" not in page.text
    need, commitment = ranking.criteria_of(enrollment_fund)
    bad = client.post(url, {f"points_{need.pk}": "12", f"comment_{need.pk}": "Kept text"})
    assert bad.status_code == 400
    assert "“Need” is scored from 0 to 10." in bad.text
    assert "Kept text" in bad.text
    client.post(url, {f"points_{need.pk}": "4", f"points_{commitment.pk}": "6"})
    page = client.get(url)
    assert "Moving statement" in page.text
    assert "Maya Member: 12 of 20" in page.text
    listing = client.get(reverse("scholarships:scoring", args=[enrollment_fund.slug]))
    assert "11.00" in listing.text  # the mean of 12 and 10, shown once she scored


def test_once_scored_a_member_goes_on_to_the_next_application_they_have_not_scored(
    client, enrollment_fund, chair, members, make_member, program
):
    """A link to the next application waiting that they have not scored (not one they are
    left out of), and at the last one, the ranking (each one took the ranking page)."""
    first, second, third = (apply(enrollment_fund, make_member()) for _ in range(3))
    score(third, members[0], 5, 5)
    client.force_login(members[0])
    need, commitment = ranking.criteria_of(enrollment_fund)
    url = reverse("scholarships:score", args=[first.pk])
    page = client.get(url).text
    assert "Next application to score" not in page  # not before they have scored it
    client.post(url, {f"points_{need.pk}": "4", f"points_{commitment.pk}": "6"})
    page = client.get(url).text
    assert f'href="{reverse("scholarships:score", args=[second.pk])}">Next application' in page
    url = reverse("scholarships:score", args=[second.pk])
    client.post(url, {f"points_{need.pk}": "4", f"points_{commitment.pk}": "6"})
    page = client.get(url).text
    assert "You have scored every application waiting." in page
    assert reverse("scholarships:scoring", args=[enrollment_fund.slug]) in page


def test_a_member_who_declares_a_conflict_is_left_out_of_the_application(
    client, enrollment_fund, chair, members, member, program
):
    application = apply(enrollment_fund, member, statement="My private circumstances are hard.")
    conflict_url = reverse("scholarships:conflict", args=[application.pk])
    client.force_login(members[0])
    page = client.get(conflict_url)
    assert "Declare a conflict of interest with Ravi Patel" in page.text
    assert "My private circumstances" not in page.text
    assert client.post(conflict_url, {"reason": ""}).status_code == 400
    response = client.post(conflict_url, {"reason": "My sister"}, follow=True)
    assert "Your conflict with Ravi Patel is declared" in response.text
    assert "Conflict declared" in response.text
    for name in ("score", "application", "conflict"):
        page = client.get(reverse(f"scholarships:{name}", args=[application.pk]))
        assert page.status_code == 403, name
        assert "You declared a conflict of interest with this person" in page.text
        assert "My private circumstances" not in page.text
    need, commitment = ranking.criteria_of(enrollment_fund)
    client.post(
        reverse("scholarships:score", args=[application.pk]),
        {f"points_{need.pk}": "9", f"points_{commitment.pk}": "9"},
    )
    assert not Scorecard.objects.exists()


def test_the_rules_and_whether_the_applicant_meets_each_are_beside_the_application(
    client, enrollment_fund, chair, members, member, ssd_org, program
):
    from certify.memberships.models import Membership

    application = apply(enrollment_fund, member)
    client.force_login(members[0])
    url = reverse("scholarships:score", args=[application.pk])
    page = client.get(url)
    assert "The fund's rules, and this applicant" in page.text
    assert "Ravi Patel is a confirmed SSD member." in page.text
    assert "Ravi Patel has received no award from SSD." in page.text
    assert "enrollment fee is not paid yet" in page.text
    Membership.objects.filter(user=member).delete()
    page = client.get(url)
    assert "Ravi Patel is not a confirmed SSD member." in page.text
    assert "does not meet it" in page.text


def test_a_decided_application_does_not_show_its_own_award_as_breaking_the_rules(
    client, enrollment_fund, chair, members, member, program
):
    """The rules beside the case are for deciding it: once awarded, today's cooldown check
    would say the recipient "does not meet" the rule because of this very award."""
    application = apply(enrollment_fund, member)
    application_award(application=application, actor=chair, reason="Strong.")
    for who in (chair, members[0]):
        client.force_login(who)
        for name in ("application", "score"):
            page = client.get(reverse(f"scholarships:{name}", args=[application.pk]))
            assert page.status_code == 200, name
            assert "The fund's rules, and this applicant" not in page.text, name
            assert "does not meet it" not in page.text, name


def test_the_decision_date_is_announced_to_candidates_and_applicants(
    client, enrollment_fund, member, program
):
    Fund.objects.filter(pk=enrollment_fund.pk).update(decisions_by=date(2027, 3, 15))
    client.force_login(member)
    assert "Decisions by March 15, 2027" in client.get(reverse("scholarships:index")).text
    application = apply(enrollment_fund, member)
    page = client.get(reverse("scholarships:application", args=[application.pk]))
    assert "decides by March 15, 2027" in page.text  # under "What happens next"


def test_the_fund_form_sets_the_chair_and_the_decision_date(
    client, enrollment_fund, ssd_admin, members, program
):
    from certify.scholarships.forms import FundForm

    client.force_login(ssd_admin)
    url = reverse("scholarships:fund_edit", args=[enrollment_fund.slug])
    data = {
        k: v
        for k, v in FundForm.initial_for(enrollment_fund).items()
        if v is not None and k != "required_organisations"
    }
    data.update(budget="1000", award="200", purposes="enrollment", program="")
    data.update(closes_on="2027-02-01", decisions_by="2027-01-15")
    chair_member = SponsorMember.objects.get(user=members[0])
    data["chair"] = str(chair_member.pk)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Decisions cannot be announced before applications close." in response.text
    data["decisions_by"] = "2027-03-01"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    enrollment_fund.refresh_from_db()
    assert (enrollment_fund.chair_id, enrollment_fund.decisions_by) == (
        members[0].pk,
        date(2027, 3, 1),
    )


def test_staff_see_the_ranking_but_neither_score_nor_confirm(
    client, enrollment_fund, chair, members, member, staff, program
):
    application = apply(enrollment_fund, member)
    score(application, members[0], 5, 5)
    client.force_login(staff)
    page = client.get(reverse("scholarships:scoring", args=[enrollment_fund.slug]))
    assert page.status_code == 200
    assert "10.00" in page.text
    assert client.get(reverse("scholarships:score", args=[application.pk])).status_code == 403
    assert (
        client.get(reverse("scholarships:confirm", args=[enrollment_fund.slug])).status_code == 403
    )


def test_the_scoring_list_does_not_grow_with_applications_scores_or_conflicts(
    client, enrollment_fund, chair, members, make_member, program
):
    url = reverse("scholarships:scoring", args=[enrollment_fund.slug])
    client.force_login(members[0])

    def grow():
        app = apply(enrollment_fund, make_member())
        score(app, members[1], 3, 4)
        score(app, members[2], 5, 6)
        conflict_declare(actor=members[2], person_email=app.applicant.email, reason="Friend")

    grow()
    few = count_queries(lambda: client.get(url))
    for _ in range(4):
        grow()
    assert count_queries(lambda: client.get(url)) == few
