"""A fund never commits more than its budget or its award count, even when committee members
award at the same moment (PostgreSQL row locks; real threads with their own connections)."""

import pytest

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.payments.models import InvoiceLine
from certify.scholarships.models import Award, Fund, ScholarshipApplication, SponsorMember
from certify.scholarships.services import application_award, award_withdraw, draw_run
from tests.factories import FundFactory, UserFactory
from tests.payments.test_concurrency import at_once
from tests.scholarships.conftest import apply, closed, fee_invoiced

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deciders(ssd):
    people = [UserFactory(roles=[Role.SPONSOR]) for _ in range(8)]
    for person in people:
        SponsorMember.objects.create(sponsor=ssd, user=person, role="committee")
    return people


def _award_call(application, actor):
    return lambda: application_award(application=application, actor=actor).pk


def _totals_match(fund):
    fund.refresh_from_db()
    live = Award.objects.filter(fund=fund, status__in=Award.LIVE)
    assert fund.awards_made == live.count()
    assert fund.committed_cents + fund.paid_cents == sum(a.amount_cents for a in live)
    assert fund.committed_cents + fund.paid_cents <= fund.budget_cents
    assert fund.awards_made <= fund.max_awards
    return fund


def test_eight_members_awarding_eight_applicants_at_once_make_exactly_five_awards(
    enrollment_fund, deciders, make_member, program
):
    people = [make_member() for _ in range(8)]
    for person in people:
        fee_invoiced(enrollment_fund, person)  # they applied to LSSCP: the credit goes on it
    applications = [apply(enrollment_fund, person) for person in people]
    results, errors = at_once(
        *[_award_call(a, d) for a, d in zip(applications, deciders, strict=True)]
    )
    assert all(isinstance(e, DomainError) for e in errors), errors
    assert (len(results), len(errors)) == (5, 3)
    assert all("has made all 5 of its awards" in e.message for e in errors)
    fund = _totals_match(enrollment_fund)
    assert (fund.awards_made, fund.committed_cents, fund.remaining_cents) == (5, 100_000, 0)
    assert ScholarshipApplication.objects.filter(status="awarded").count() == 5
    assert InvoiceLine.objects.filter(source__startswith="award:").count() == 5


def test_the_last_award_claimed_by_two_members_at_once_goes_once(
    ssd, ssd_org, deciders, make_member, program
):
    fund = FundFactory(
        sponsor=ssd, budget_cents=20_000, max_awards=5, required_organisations=[ssd_org]
    )
    first, second = apply(fund, make_member()), apply(fund, make_member())
    results, errors = at_once(_award_call(first, deciders[0]), _award_call(second, deciders[1]))
    assert (len(results), len(errors)) == (1, 1)
    assert "not enough" in errors[0].message or "nothing is left" in errors[0].message
    assert _totals_match(fund).remaining_cents == 0


def test_two_members_awarding_the_same_application_at_once_make_one_award(
    enrollment_fund, deciders, member, program
):
    application = apply(enrollment_fund, member)
    results, errors = at_once(*[_award_call(application, d) for d in deciders[:4]])
    assert (len(results), len(errors)) == (1, 3)
    assert all("already “Awarded”" in e.message for e in errors)
    assert Award.objects.count() == 1
    assert _totals_match(enrollment_fund).awards_made == 1


def test_an_award_and_a_withdrawal_at_once_leave_the_totals_right(
    enrollment_fund, deciders, ssd_admin, make_member, program
):
    people = [make_member() for _ in range(6)]
    for person in people:
        fee_invoiced(enrollment_fund, person)  # withdrawing takes the credit back
    applications = [apply(enrollment_fund, person) for person in people]
    awards = [application_award(application=a, actor=deciders[0]) for a in applications[:5]]

    def withdraw():
        return award_withdraw(award=awards[0], actor=ssd_admin, reason="Moved away").pk

    _, errors = at_once(withdraw, _award_call(applications[5], deciders[2]))
    assert all(isinstance(e, DomainError) for e in errors), errors
    fund = _totals_match(enrollment_fund)
    if errors:  # the award came first and found the fund full; the withdrawal then freed one
        assert (fund.awards_made, fund.remaining_cents) == (4, 20_000)
    else:  # the withdrawal came first and the award took its place
        assert (fund.awards_made, fund.remaining_cents) == (5, 0)


def test_two_ssd_funds_awarding_one_person_at_once_make_one_award(
    enrollment_fund, ce_fund, deciders, member, program
):
    """One SSD award per person in any 18 months, across all SSD funds: two committees awarding
    the same person at the same moment from two funds make one award; the other is refused."""
    enrollment = apply(enrollment_fund, member)
    ce = apply(ce_fund, member, purpose="class", class_details="Cataloging basics")
    results, errors = at_once(_award_call(enrollment, deciders[0]), _award_call(ce, deciders[1]))
    assert all(isinstance(e, DomainError) for e in errors), errors
    assert (len(results), len(errors)) == (1, 1)
    assert "received a scholarship award from SSD on" in errors[0].message
    assert Award.objects.filter(recipient=member, status__in=Award.LIVE).count() == 1
    _totals_match(enrollment_fund)
    _totals_match(ce_fund)


def test_a_draw_and_a_committee_award_at_once_never_overspend(
    ssd, ssd_org, deciders, make_member, program
):
    fund = FundFactory(
        sponsor=ssd,
        method=Fund.Method.DRAW,
        budget_cents=60_000,
        max_awards=3,
        required_organisations=[ssd_org],
    )
    for _ in range(6):
        apply(fund, make_member())
    fund = closed(fund)  # a draw runs once applications have closed
    results, errors = at_once(
        lambda: draw_run(fund=fund, actor=deciders[0]).pk,
        lambda: draw_run(fund=fund, actor=deciders[1]).pk,
    )
    assert all(isinstance(e, DomainError) for e in errors), errors
    assert (len(results), len(errors)) == (1, 1)
    assert _totals_match(fund).awards_made == 3


# --- The committee (ADR 0050) ------------------------------------------------------------------


def _rubric(fund, admin):
    from certify.scholarships.services import rubric_save

    rubric_save(fund=fund, actor=admin, criteria=[{"name": "Need", "max_points": 10}])
    return fund.criteria.get()


def test_members_saving_their_scores_at_once_lose_none(
    enrollment_fund, deciders, ssd_admin, member, program
):
    from certify.scholarships.models import Scorecard
    from certify.scholarships.services import scorecard_save

    criterion = _rubric(enrollment_fund, ssd_admin)
    application = apply(enrollment_fund, member)

    def save(person, points):
        return lambda: (
            scorecard_save(
                application=application, actor=person, scores={criterion.pk: (points, "")}
            ).pk
        )

    # Eight members at once, and one of them twice at once: eight cards, none lost.
    _results, errors = at_once(
        *[save(d, i + 1) for i, d in enumerate(deciders)], save(deciders[0], 1)
    )
    assert not errors, errors
    cards = dict(
        Scorecard.objects.filter(application=application).values_list("member_id", "total_points")
    )
    assert cards == {d.pk: i + 1 for i, d in enumerate(deciders)}


def test_the_chair_confirming_twice_at_once_awards_once(
    enrollment_fund, deciders, ssd_admin, make_member, program
):
    from certify.scholarships.services import committee_confirm, scorecard_save

    criterion = _rubric(enrollment_fund, ssd_admin)
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=ssd_admin)
    applications = [apply(enrollment_fund, make_member()) for _ in range(7)]
    for points, application in enumerate(applications):
        scorecard_save(
            application=application, actor=deciders[0], scores={criterion.pk: (points, "")}
        )

    def confirm():
        return len(committee_confirm(fund=enrollment_fund, actor=ssd_admin).awarded)

    results, errors = at_once(confirm, confirm)
    assert results == [5], (results, errors)
    assert len(errors) == 1, errors
    assert isinstance(errors[0], DomainError), errors
    fund = _totals_match(enrollment_fund)
    assert (fund.awards_made, fund.remaining_cents) == (5, 0)
    assert Award.objects.count() == 5


def test_the_chair_confirming_while_the_budget_is_cut_never_overspends(
    enrollment_fund, deciders, ssd_admin, make_member, program
):
    """The chair confirms five awards of USD 200 while an administrator cuts the budget to USD
    400 and two awards: one waits for the other under the fund's lock. Either the cut comes first
    and two are awarded, or the awards come first and the cut is refused (it would be less than
    what is committed); never more than the fund holds."""
    from certify.scholarships.services import committee_confirm, fund_save, scorecard_save

    criterion = _rubric(enrollment_fund, ssd_admin)
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=ssd_admin)
    for points, application in enumerate(apply(enrollment_fund, make_member()) for _ in range(6)):
        scorecard_save(
            application=application, actor=deciders[0], scores={criterion.pk: (points, "")}
        )

    def confirm():
        return len(committee_confirm(fund=enrollment_fund, actor=ssd_admin).awarded)

    def cut():
        fund = Fund.objects.get(pk=enrollment_fund.pk)
        fund_save(
            sponsor=fund.sponsor, actor=ssd_admin, fund=fund, budget_cents=40_000, max_awards=2
        )
        return -1

    results, errors = at_once(confirm, cut)
    assert all(isinstance(e, DomainError) for e in errors), errors
    fund = _totals_match(enrollment_fund)
    if -1 in results:  # the cut came first: two awards, as the new budget allows
        assert (sorted(results), fund.budget_cents, fund.awards_made) == ([-1, 2], 40_000, 2)
    else:  # the awards came first: the cut was refused, the budget is as it was
        assert "cannot be less than the $1,000.00 already committed" in str(errors[0])
        assert (results, fund.budget_cents, fund.awards_made) == ([5], 100_000, 5)


def test_a_confirmation_and_another_funds_draw_take_one_person_once(
    enrollment_fund, deciders, ssd, ssd_org, ssd_admin, member, program
):
    """One SSD award in 18 months: the chair of the enrollment fund confirms the person's award
    while another member draws a draw fund the same person is in, at the same moment. One of
    them awards; the other finds the first's award and is refused with the reason (nobody else
    is waiting for it to decide), the person's other application still waiting."""
    from certify.scholarships.services import committee_confirm, scorecard_save

    criterion = _rubric(enrollment_fund, ssd_admin)
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=ssd_admin)
    scorecard_save(
        application=apply(enrollment_fund, member),
        actor=deciders[0],
        scores={criterion.pk: (7, "")},
    )
    draw_fund = FundFactory(
        sponsor=ssd, method=Fund.Method.DRAW, max_awards=1, required_organisations=[ssd_org]
    )
    apply(draw_fund, member)
    draw_fund = closed(draw_fund)

    def confirm():
        return len(committee_confirm(fund=enrollment_fund, actor=ssd_admin).awarded)

    def draw():
        return len(draw_run(fund=draw_fund, actor=deciders[1]).winners)

    results, errors = at_once(confirm, draw)
    assert all(isinstance(e, DomainError) for e in errors), errors
    assert (results, len(errors)) == ([1], 1)
    assert "received a scholarship award from SSD on" in errors[0].message
    assert Award.objects.filter(recipient=member, status__in=Award.LIVE).count() == 1
    assert ScholarshipApplication.objects.filter(applicant=member, status="submitted").count() == 1
    _totals_match(enrollment_fund)
    _totals_match(draw_fund)


def test_an_award_restored_after_an_appeal_and_a_new_award_at_once_never_pass_the_fund(
    enrollment_fund, deciders, make_member, program
):
    """The rejection returned an award's money; the appeal restores it while a member awards
    that money to someone else: one of the two gets it (ADR 0050, "Awards after an appeal")."""
    from certify.scholarships.services import award_restore, award_sync
    from tests.factories import ApplicationFactory
    from tests.workflow import force_status

    people = [make_member() for _ in range(6)]
    awards = [
        application_award(application=apply(enrollment_fund, person), actor=deciders[0])
        for person in people[:5]
    ]
    rejected = force_status(ApplicationFactory(candidate=people[0], program=program), "rejected")
    ended = award_sync(award=awards[0])
    assert (ended.status, ended.ended_by_rejection_of) == ("withdrawn", rejected.pk)
    force_status(rejected, "submitted")  # the appeal sent the rejection back
    sixth = apply(enrollment_fund, people[5])
    results, errors = at_once(
        lambda: award_restore(award=ended).status, _award_call(sixth, deciders[1])
    )
    assert all(isinstance(e, DomainError) for e in errors), errors
    assert len(results) + len(errors) == 2
    fund = _totals_match(enrollment_fund)
    assert (fund.awards_made, fund.remaining_cents) == (5, 0)
    ended.refresh_from_db()
    restored = ended.status == "committed"
    assert restored == (not Award.objects.filter(application=sixth).exists())
