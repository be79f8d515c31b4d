"""Decisions an attacker on the committee would try: taking a draw fund's applications out of
the draw by hand, scoring or deciding rivals while one's own application to the fund waits, and
withdrawing an award whose invoice was voided before Certify heard of it; and what the chair
is told when no scored application can be awarded."""

import json

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.payments.models import Invoice, InvoiceLine
from certify.payments.services import invoice_void
from certify.scholarships import ranking
from certify.scholarships.models import Award, Fund, ScholarshipApplication, SponsorMember
from certify.scholarships.services import (
    application_award,
    application_decline,
    award_withdraw,
    committee_confirm,
    draw_run,
)
from tests.factories import FundFactory, MembershipFactory, UserFactory
from tests.scholarships.conftest import apply, closed, fee_invoiced, score

pytestmark = pytest.mark.django_db

SPONSOR = "/api/v1/sponsor/scholarships"
BY_DRAW = "awards by a random draw among the eligible applicants, not one application at a time"
COMPETING = "You applied to the SSD LSSCP Enrollment Scholarship yourself"


def _fund(fund):
    return Fund.objects.get(pk=fund.pk)


def _post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


# --- A draw fund is decided by its draw ---------------------------------------------------------


@pytest.fixture
def draw_fund(ssd, ssd_org):
    """USD 600 in three awards of USD 200, by draw, for SSD members, without a chair."""
    return FundFactory(
        sponsor=ssd,
        name="SSD Enrollment Draw",
        method=Fund.Method.DRAW,
        budget_cents=60_000,
        max_awards=3,
        required_organisations=[ssd_org],
    )


def test_nobody_puts_an_application_in_or_out_of_a_draw_by_hand(
    client, draw_fund, make_member, committee, ssd_admin, program
):
    """A member who wanted a friend to win (or a rival out) decided them one by one before the
    draw: the draw would then never have been among every eligible applicant."""
    friend, rival, third = (apply(draw_fund, make_member()) for _ in range(3))
    for actor in (committee, ssd_admin):
        with pytest.raises(DomainError, match=BY_DRAW):
            application_award(application=friend, actor=actor, reason="My pick")
        with pytest.raises(DomainError, match=BY_DRAW):
            application_decline(application=rival, actor=actor, reason="Not them")
    # The page offers no decision, and posting one anyway is refused in the same words.
    client.force_login(committee)
    page = client.get(reverse("scholarships:application", args=[friend.pk]))
    assert page.status_code == 200
    assert "Record the decision" not in page.text
    fund_page = client.get(reverse("scholarships:fund", args=[draw_fund.slug]))
    assert f'href="{friend.get_absolute_url()}">decide' not in fund_page.text
    posted = client.post(
        reverse("scholarships:decide", args=[friend.pk]),
        {"decision": "award", "reason": "My pick"},
    )
    assert posted.status_code == 400
    assert BY_DRAW in posted.text
    answer = _post_json(
        client,
        f"{SPONSOR}/applications/{rival.pk}/decision",
        {"decision": "decline", "reason": "No"},
    )
    assert answer.status_code == 400
    assert BY_DRAW in answer.json()["detail"]
    assert set(ScholarshipApplication.objects.values_list("status", flat=True)) == {"submitted"}
    assert not Award.objects.exists()
    # The draw itself still decides every one of them.
    draw = draw_run(fund=closed(draw_fund), actor=committee, places=1, seed="s")
    assert sorted(draw.pool) == sorted([friend.pk, rival.pk, third.pk])
    assert ScholarshipApplication.objects.filter(status="submitted").count() == 0
    assert _fund(draw_fund).awards_made == 1


def test_a_fund_does_not_change_how_it_decides_while_applications_wait(
    draw_fund, make_member, committee, ssd_admin, program
):
    """Switching a draw fund to committee decisions (or back) while people wait would let its
    people pick by hand whom the draw was to choose among: refused beside the field; once the
    waiting applications are decided, it may change."""
    from certify.scholarships.services import ProblemsError, fund_save

    waiting = apply(draw_fund, make_member())
    with pytest.raises(ProblemsError) as refused:
        fund_save(
            sponsor=draw_fund.sponsor, actor=ssd_admin, fund=draw_fund, method=Fund.Method.COMMITTEE
        )
    assert refused.value.fields == {
        "method": "1 application to the SSD Enrollment Draw is waiting for a decision by random "
        "draw among eligible applicants, as the fund said when it was made: change how the fund "
        "decides once none is waiting."
    }
    assert _fund(draw_fund).method == "draw"
    draw_run(fund=closed(draw_fund), actor=committee, seed="s")
    assert ScholarshipApplication.objects.get(pk=waiting.pk).status == "awarded"
    saved = fund_save(
        sponsor=draw_fund.sponsor, actor=ssd_admin, fund=draw_fund, method=Fund.Method.COMMITTEE
    )
    assert saved.method == "committee"


# --- A member whose own application waits is left out of the others ----------------------------


@pytest.fixture
def applying_member(ssd, ssd_org):
    """A committee member who is an SSD member too, so may apply to SSD's funds."""
    user = UserFactory(full_name="Ada Applicant-Member", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=user, role=SponsorMember.Role.COMMITTEE)
    MembershipFactory(user=user, organisation=ssd_org)
    return user


def test_a_member_whose_application_waits_neither_scores_nor_sees_their_rivals(
    client, enrollment_fund, chair, committee, applying_member, make_member, program
):
    """Their scores would rank their rivals against their own application: they scored a rival
    low before applying, and tried to again after. Their card stops counting, they cannot
    score, and the pages and the API leave the rivals' applications out for them."""
    rival = apply(enrollment_fund, make_member(full_name="Rita Rival"))
    score(rival, committee, 8, 8)
    score(rival, applying_member, 0, 0)  # before applying: allowed, they had no stake yet
    rows = {r.application.pk: r for r in ranking.ranking(fund=enrollment_fund)}
    assert rows[rival.pk].mean_text == "8.00"
    own = apply(enrollment_fund, applying_member)
    rows = {r.application.pk: r for r in ranking.ranking(fund=enrollment_fund)}
    assert (rows[rival.pk].mean_text, rows[rival.pk].scorers) == ("16.00", 1)
    assert applying_member.pk in rows[rival.pk].conflicted
    with pytest.raises(OwnCaseError, match=COMPETING):
        score(rival, applying_member, 0, 0)
    client.force_login(applying_member)
    page = client.get(reverse("scholarships:score", args=[rival.pk]))
    assert page.status_code == 403
    assert COMPETING in page.text
    assert "Rita Rival" in page.text
    assert rival.statement not in page.text
    detail = client.get(reverse("scholarships:application", args=[rival.pk]))
    assert detail.status_code == 403
    listed = client.get(f"{SPONSOR}/funds/{enrollment_fund.slug}/applications")
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()["items"]] == []
    card = client.put(
        f"{SPONSOR}/applications/{rival.pk}/scorecard",
        data=json.dumps({"scores": []}),
        content_type="application/json",
    )
    assert card.status_code == 403
    # Once their own application is decided, they are back on the committee for the others.
    application_decline(application=own, actor=chair, reason="Ranked lower.")
    score(rival, applying_member, 5, 5)
    rows = {r.application.pk: r for r in ranking.ranking(fund=enrollment_fund)}
    assert rows[rival.pk].scorers == 2


def test_a_member_whose_application_waits_decides_no_rival_on_a_fund_without_a_chair(
    enrollment_fund, ssd_admin, applying_member, make_member, program
):
    """Without a chair any member decides one by one: not the rivals of their own application,
    and not by taking back a rival's award either (its money would go to the next, maybe them)."""
    rival = apply(enrollment_fund, make_member())
    other = apply(enrollment_fund, make_member())
    apply(enrollment_fund, applying_member)
    with pytest.raises(OwnCaseError, match=COMPETING):
        application_decline(application=rival, actor=applying_member, reason="Not them")
    with pytest.raises(OwnCaseError, match=COMPETING):
        application_award(application=rival, actor=applying_member)
    award = application_award(application=other, actor=ssd_admin)
    SponsorMember.objects.filter(user=applying_member).update(role=SponsorMember.Role.ADMIN)
    applying_member.__dict__.pop("_sponsor_roles", None)
    with pytest.raises(OwnCaseError, match=COMPETING):
        award_withdraw(award=award, actor=applying_member, reason="Changed my mind")
    assert Award.objects.get(pk=award.pk).status == "committed"
    assert ScholarshipApplication.objects.get(pk=rival.pk).status == "submitted"


# --- Withdrawing an award after it went on an invoice -------------------------------------------


def test_withdrawing_an_award_whose_invoice_was_voided_returns_its_money(
    enrollment_fund, member, committee, ssd_admin, program
):
    """Staff voided the invoice; the `invoice.void` event had not reached the award yet when an
    administrator withdrew it. The credit was never used: the award is withdrawn, its money is
    back in the fund, and the void invoice is left as it is (no line added to it)."""
    fee_invoiced(enrollment_fund, member)
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    staff = UserFactory(roles=["program_staff"])
    invoice_void(invoice=award.invoice, reason="Application not accepted", actor=staff)  # no event
    lines = InvoiceLine.objects.filter(invoice_id=award.invoice_id).count()
    award_withdraw(award=award, actor=ssd_admin, reason="The application was not accepted")
    award.refresh_from_db()
    assert award.status == "withdrawn"
    fund = _fund(enrollment_fund)
    assert (fund.committed_cents, fund.awards_made, fund.remaining) == (0, 0, Money(100_000))
    invoice = Invoice.objects.get(pk=award.invoice_id)
    assert (invoice.status, invoice.lines.count()) == ("void", lines)


def test_the_chair_is_told_why_no_scored_application_can_be_awarded(
    enrollment_fund, chair, committee, member, ssd_org, program
):
    """Every scored application is out of the rules today (here: the applicant's SSD membership
    ended after they applied): confirming says that, not that nobody was scored."""
    from certify.memberships.models import Membership

    application = apply(enrollment_fund, member)
    score(application, committee, 6, 6)
    Membership.objects.filter(user=member, organisation=ssd_org).update(status="rejected")
    with pytest.raises(DomainError) as refused:
        committee_confirm(fund=enrollment_fund, actor=chair)
    assert refused.value.message == (
        "No scored application can be awarded today: Ravi Patel is not a confirmed SSD member, "
        "and only SSD members can receive it."
    )
    assert ScholarshipApplication.objects.get(pk=application.pk).status == "submitted"
