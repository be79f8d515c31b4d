"""What an applicant reads of a fund's rules and of her application (ADR 0050): the last day
to apply ends in the time zone of the program whose fees the fund pays, said with its time and
zone; money with its cents (`with_cents`, the invoices' filter); after sending she lands on
her application, which says what happens next; a refusal says what she can do now; giving an
award back asks for her reason in words to the sponsor."""

from datetime import date

import pytest
from django.urls import reverse

from certify.scholarships.models import Fund
from certify.scholarships.services import application_award, application_decline
from tests.factories import ProgramFactory
from tests.scholarships.conftest import apply, fee_invoiced

pytestmark = pytest.mark.django_db


def test_the_last_day_ends_in_the_programs_zone_and_amounts_have_cents(
    client, enrollment_fund, member, program
):
    Fund.objects.filter(pk=enrollment_fund.pk).update(
        opens_on=date(2025, 1, 1), closes_on=date(2099, 3, 31)
    )
    client.force_login(member)
    page = client.get(reverse("scholarships:index")).text
    assert "close at the end of March 31, 2099 (11:59 p.m. CDT)" in page  # Chicago: the site's
    assert "<dd>$200.00</dd>" in page
    rmt = ProgramFactory(slug="rmt", short_name="RMT", time_zone="America/Denver")
    Fund.objects.filter(pk=enrollment_fund.pk).update(program=rmt)
    page = client.get(reverse("scholarships:apply", args=[enrollment_fund.slug])).text
    assert "close at the end of March 31, 2099 (11:59 p.m. MDT)" in page  # the program's zone


def test_a_fund_without_a_last_day_says_so_plainly(client, ce_fund, member, program):
    Fund.objects.filter(pk=ce_fund.pk).update(opens_on=date(2025, 1, 1), closes_on=None)
    client.force_login(member)
    page = client.get(reverse("scholarships:apply", args=[ce_fund.slug])).text
    assert "From January 1, 2025, until the sponsor closes the fund." in page
    assert "Only confirmed SSD members can apply" in page


def test_after_sending_she_reads_her_application_and_what_happens_next(
    client, enrollment_fund, member, program
):
    client.force_login(member)
    url = reverse("scholarships:apply", args=[enrollment_fund.slug])
    response = client.post(url, {"statement": "I want to finish the LSSCP."}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/scholarships/applications/")
    page = response.text
    assert "is sent." in page
    assert "What happens next" in page
    assert "There is nothing more you need to do now" in page


def test_an_award_with_cents_a_refusal_with_a_next_step(
    client, enrollment_fund, ce_fund, member, committee, program
):
    fee_invoiced(enrollment_fund, member)
    awarded = apply(enrollment_fund, member)
    refused = apply(ce_fund, member, purpose="enrollment")
    application_decline(application=refused, actor=committee, reason="Budget spent.")
    application_award(application=awarded, actor=committee)
    client.force_login(member)
    page = client.get(awarded.get_absolute_url()).text
    assert "<dd>$200.00</dd>" in page
    assert "Why are you giving the award back?" in page
    assert "The recipient reads it." not in page  # she is the recipient
    index = client.get(reverse("scholarships:index")).text
    assert "$200.00: awarded, not yet used" in index
    page = client.get(refused.get_absolute_url()).text
    assert "Budget spent." in page
    assert "What you can do now:" in page
    response = client.post(
        reverse("scholarships:award_withdraw", args=[awarded.award.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "Say why you are giving it back: OLA Support Staff Division reads this." in (
        response.text
    )
