"""A committee's rubric and its members' scores (ADR 0050): the sponsor's administrators set
the rubric until scoring starts; a member scores every criterion within its points, never
their own or a conflicted application, blind until they have scored; a conflicted member's
card stops counting; a member's scores are in their data."""

import pytest

from certify.accounts.api import conflict_declare
from certify.accounts.models import Role
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.scholarships import ranking
from certify.scholarships.models import (
    RubricCriterion,
    ScholarshipApplication,
    Scorecard,
)
from certify.scholarships.services import (
    rubric_save,
    scorecard_save,
)
from tests.factories import UserFactory
from tests.scholarships.conftest import RUBRIC, apply, score
from tests.workflow import force_status

pytestmark = pytest.mark.django_db


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
