"""The committee workspace (ADR 0050): rubric, members' scores, conflicts, the ranking by mean
score, the chair confirming (ties drawn once applications closed), and what each page shows."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import conflict_declare
from certify.accounts.models import Role
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.scholarships import ranking
from certify.scholarships.models import (
    Award,
    Draw,
    Fund,
    RubricCriterion,
    ScholarshipApplication,
    Scorecard,
    SponsorMember,
)
from certify.scholarships.services import (
    application_award,
    award_obstacles,
    committee_confirm,
    draw_is_reproduced,
    rubric_save,
    scorecard_save,
)
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.scholarships.conftest import apply, closed
from tests.workflow import force_status

pytestmark = pytest.mark.django_db

RUBRIC = [
    {"name": "Need", "max_points": 10, "description": "How much the award helps."},
    {"name": "Commitment", "max_points": 10, "description": ""},
]


@pytest.fixture
def members(ssd):
    """Three committee members and a chair (an administrator), on the enrollment fund."""
    people = []
    for name in ("Maya Member", "Omar Other", "Tess Third"):
        user = UserFactory(full_name=name, roles=[Role.SPONSOR])
        SponsorMember.objects.create(sponsor=ssd, user=user, role=SponsorMember.Role.COMMITTEE)
        people.append(user)
    return people


@pytest.fixture
def chair(ssd, enrollment_fund):
    user = UserFactory(full_name="Carla Chair", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=user, role=SponsorMember.Role.ADMIN)
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=user)
    enrollment_fund.refresh_from_db()
    rubric_save(fund=enrollment_fund, actor=user, criteria=RUBRIC)
    return user


def score(application, actor, need, commitment, comment=""):
    need_c, commit_c = RubricCriterion.objects.filter(fund=application.fund).order_by("position")
    return scorecard_save(
        application=application,
        actor=actor,
        scores={need_c.pk: (need, comment), commit_c.pk: (commitment, "")},
    )


# --- The rubric --------------------------------------------------------------------------------


def test_the_sponsors_administrator_sets_the_rubric_until_scoring_starts(
    enrollment_fund, chair, members, member, program
):
    assert [(c.name, c.max_points) for c in ranking.criteria_of(enrollment_fund)] == [
        ("Need", 10),
        ("Commitment", 10),
    ]
    with pytest.raises(DomainError, match="administrators"):
        rubric_save(fund=enrollment_fund, actor=members[0], criteria=RUBRIC)
    with pytest.raises(DomainError) as refused:
        rubric_save(
            fund=enrollment_fund,
            actor=chair,
            criteria=[{"name": "Need", "max_points": 0}, {"name": "need", "max_points": 5}],
        )
    assert refused.value.fields == {
        "0-max_points": "Give the most points, from 1 to 100.",
        "1-name": "“need” is already in the rubric.",
    }
    score(apply(enrollment_fund, member), members[0], 5, 5)
    with pytest.raises(DomainError, match="started scoring"):
        rubric_save(fund=enrollment_fund, actor=chair, criteria=[{"name": "X", "max_points": 3}])
    assert RubricCriterion.objects.filter(fund=enrollment_fund).count() == 2


# --- Scoring -----------------------------------------------------------------------------------


def test_a_member_scores_every_criterion_within_its_points_and_may_change_their_scores(
    enrollment_fund, chair, members, member, program
):
    application = apply(enrollment_fund, member)
    need, commitment = ranking.criteria_of(enrollment_fund)
    with pytest.raises(DomainError) as refused:
        scorecard_save(
            application=application, actor=members[0], scores={need.pk: (11, "Too much")}
        )
    assert refused.value.fields == {
        f"points_{need.pk}": "“Need” is scored from 0 to 10.",
        f"points_{commitment.pk}": "Score “Commitment” from 0 to 10.",
    }
    assert not Scorecard.objects.exists()
    score(application, members[0], 7, 8, "Strong need")
    card = score(application, members[0], 6, 8)
    assert Scorecard.objects.get().pk == card.pk
    assert (card.total_points, card.scores.count()) == (14, 2)


def test_only_the_sponsors_committee_scores_and_never_their_own_or_a_conflicted_application(
    enrollment_fund, chair, members, member, make_member, ssd_org, program
):
    application = apply(enrollment_fund, member)
    outsider = UserFactory(roles=[Role.SPONSOR])
    with pytest.raises(DomainError, match="Only OLA Support Staff Division's committee"):
        score(application, outsider, 5, 5)
    conflict_declare(actor=members[1], person_email=member.email, reason="My cousin")
    with pytest.raises(OwnCaseError, match="declared a conflict of interest"):
        score(application, members[1], 5, 5)
    from tests.factories import MembershipFactory

    MembershipFactory(user=members[2], organisation=ssd_org)
    own = apply(enrollment_fund, members[2])
    with pytest.raises(OwnCaseError, match="your own application"):
        score(own, members[2], 5, 5)
    assert not Scorecard.objects.exists()


def test_a_conflicted_members_absence_does_not_count_against_the_mean(
    enrollment_fund, chair, members, member, make_member, program
):
    """Maya scored 20 and then declared a conflict: her card stops counting, and the mean is
    the others' alone (not lowered by a missing score)."""
    application = apply(enrollment_fund, member)
    other = apply(enrollment_fund, make_member(full_name="Other Applicant"))
    score(application, members[0], 10, 10)
    score(application, members[1], 8, 6)
    score(application, members[2], 6, 6)
    score(other, members[0], 1, 1)
    rows = {r.application.pk: r for r in ranking.ranking(fund=enrollment_fund)}
    assert (rows[application.pk].mean_text, rows[application.pk].scorers) == ("15.33", 3)
    conflict_declare(actor=members[0], person_email=member.email, reason="My neighbor")
    rows = {r.application.pk: r for r in ranking.ranking(fund=enrollment_fund)}
    assert (rows[application.pk].mean_text, rows[application.pk].scorers) == ("13.00", 2)
    assert rows[application.pk].conflicted == {members[0].pk}
    assert rows[other.pk].mean_text == "2.00"  # her conflict is with one person only


# --- The chair confirms --------------------------------------------------------------------------


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


# --- Pages ---------------------------------------------------------------------------------------


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


def test_a_member_scores_blind_until_they_have_scored_or_the_application_is_decided(
    enrollment_fund, chair, members, member, program
):
    application = apply(enrollment_fund, member)
    score(application, members[0], 9, 3)
    score(application, members[1], 5, 5)
    blind = ranking.scorecards_seen_by(application=application, member=members[2])
    assert (blind.mine, blind.others, blind.hidden, blind.decided) == (None, [], 2, False)
    first = ranking.scorecards_seen_by(application=application, member=members[0])
    assert first.mine.member == members[0]
    assert [c.member for c in first.others] == [members[1]]
    assert first.hidden == 0
    force_status(application, ScholarshipApplication.Status.DECLINED)
    decided = ranking.scorecards_seen_by(application=application, member=members[2])
    assert decided.mine is None
    assert [c.member for c in decided.others] == [members[0], members[1]]
    assert (decided.hidden, decided.decided) == (0, True)


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


def test_a_members_scores_are_in_their_data_and_closing_blanks_their_comments(
    enrollment_fund, chair, members, member, program
):
    from certify.accounts.privacy import privacy_parts
    from certify.scholarships.models import CriterionScore

    part = next(p for p in privacy_parts() if p.name == "scholarships")
    score(apply(enrollment_fund, member), members[0], 4, 5, "Kind words")
    data = part.export(members[0])
    assert [c["total_points"] for c in data["scores_given"]] == [9]
    assert "Kind words" in [c["comment"] for c in data["criterion_scores_given"]]
    assert part.erase is not None
    part.erase(members[0])
    assert not CriterionScore.objects.exclude(comment="").exists()
    assert Scorecard.objects.get().total_points == 9  # the committee's record stays


DRAWN = (
    "The SSD LSSCP Enrollment Scholarship awards by a random draw among the eligible applicants, "
    "so its applications are not scored: scores would have no part in who is awarded."
)


def _by_draw(fund):
    Fund.objects.filter(pk=fund.pk).update(method=Fund.Method.DRAW)
    fund.refresh_from_db()
    return fund


def test_a_draw_funds_applications_are_not_scored_by_the_service_or_the_page(
    client, enrollment_fund, chair, members, member, program
):
    application = apply(enrollment_fund, member)
    _by_draw(enrollment_fund)
    with pytest.raises(DomainError) as refused:
        score(application, members[0], 5, 5)
    assert refused.value.message == DRAWN
    client.force_login(members[0])
    url = reverse("scholarships:score", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert DRAWN in page.text
    assert "Save my scores" not in page.text  # no form to fill in for nothing
    need, commitment = ranking.criteria_of(enrollment_fund)
    posted = client.post(url, {f"points_{need.pk}": "5", f"points_{commitment.pk}": "5"})
    assert posted.status_code == 400
    assert DRAWN in posted.text
    assert not Scorecard.objects.exists()


NO_RUBRIC = (
    "The SSD LSSCP Enrollment Scholarship awards by a random draw among the eligible applicants, "
    "so it has no rubric: nobody scores its applications."
)


def test_a_draw_fund_gets_no_rubric_from_the_service_or_the_page(client, enrollment_fund, ssd):
    admin = UserFactory(full_name="Ada Admin", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=admin, role=SponsorMember.Role.ADMIN)
    _by_draw(enrollment_fund)
    with pytest.raises(DomainError) as refused:
        rubric_save(fund=enrollment_fund, actor=admin, criteria=RUBRIC)
    assert refused.value.message == NO_RUBRIC
    client.force_login(admin)
    url = reverse("scholarships:rubric", args=[enrollment_fund.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert NO_RUBRIC in page.text
    assert "Save the rubric" not in page.text  # no form to fill in for nothing
    posted = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "Need",
            "form-0-max_points": "10",
        },
    )
    assert posted.status_code == 400
    assert NO_RUBRIC in posted.text
    assert not RubricCriterion.objects.filter(fund=enrollment_fund).exists()
    scoring = client.get(reverse("scholarships:scoring", args=[enrollment_fund.slug]))
    assert reverse("scholarships:rubric", args=[enrollment_fund.slug]) not in scoring.text
