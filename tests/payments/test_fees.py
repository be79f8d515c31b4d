"""Fees right the first time (ADR 0042): no enrollment invoice while a membership of the member
organization waits for confirmation, and an invoice offers only the ways of paying that work,
with the program's postal address for checks on its page and its PDF. Before, the invoice was
made at the non-member price at once, a check had no address, and the PDF offered card payment
when it was off."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certify.memberships.models import Organisation
from certify.payments.models import Invoice, InvoiceCounter
from certify.payments.services import (
    EnrollmentInvoiceWaitsError,
    enrollment_invoice_get_or_create,
    enrollment_invoice_issue,
)
from certify.payments.ways import payment_ways
from certify.programs.models import Program
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ADDRESS = "ALA-APA\n225 N. Michigan Ave., Suite 1300\nChicago, IL 60601"


@pytest.fixture
def mailed(program):
    """The program takes checks at this address, payable to ALA-APA."""
    Program.objects.filter(pk=program.pk).update(check_address=ADDRESS, check_payable_to="ALA-APA")
    program.refresh_from_db()
    return program


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_no_enrollment_invoice_while_the_member_organization_s_membership_waits(candidate, program):
    ala = Organisation.objects.get(code="ALA")
    MembershipFactory(user=candidate, organisation=ala, member_number="ALA-9", status="pending")
    with pytest.raises(EnrollmentInvoiceWaitsError, match=r"ALA membership \(member no. ALA-9\)"):
        enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert enrollment_invoice_issue(user=candidate, program=program, actor=candidate) is None
    assert not Invoice.objects.exists()
    assert not InvoiceCounter.objects.filter(last_number__gt=0).exists()  # no number spent


def test_the_payments_page_says_the_invoice_waits_instead_of_offering_it(
    client, candidate, program
):
    ala = Organisation.objects.get(code="ALA")
    MembershipFactory(user=candidate, organisation=ala, status="pending")
    client.force_login(candidate)
    page = client.get(reverse("payments:list")).text
    assert f"Your {program.short_name} invoice is issued once your ALA membership" in page
    response = client.post(reverse("payments:enrollment_start", args=[program.slug]), follow=True)
    assert "is issued once the ALA membership" in response.text
    assert not Invoice.objects.exists()


def test_card_is_offered_only_when_configured_and_accepted(program, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "", ""
    assert payment_ways(program=program).card is False  # the program accepts cards: no keys
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    assert payment_ways(program=program).card is True
    program.accepts_card = False
    assert payment_ways(program=program).card is False  # keys, but the program turned it off


def test_a_check_needs_an_address_and_the_program_accepting_checks(mailed):
    ways = payment_ways(program=mailed)
    assert (ways.check, ways.payee, ways.address_lines[-1]) == (
        True,
        "ALA-APA",
        "Chicago, IL 60601",
    )
    mailed.check_address = ""
    assert payment_ways(program=mailed).check is False
    mailed.check_address, mailed.accepts_check = ADDRESS, False
    assert payment_ways(program=mailed).check is False


def test_the_invoice_page_gives_the_postal_address_payee_and_number_for_a_check(
    client, candidate, mailed, invoice
):
    client.force_login(candidate)
    page = client.get(invoice.get_absolute_url()).text
    assert "Pay by check" in page
    assert "payable to <strong>ALA-APA</strong>" in page
    assert f"write invoice number <strong>{invoice.code}</strong>" in page
    assert "225 N. Michigan Ave., Suite 1300<br>Chicago, IL 60601" in page
    assert "by card" not in page  # no Stripe keys in the tests


def test_the_invoice_page_offers_card_when_it_works_and_hides_what_the_program_refuses(
    client, candidate, mailed, invoice, stripe_on
):
    client.force_login(candidate)
    page = client.get(invoice.get_absolute_url()).text
    assert "by card</button>" in page
    Program.objects.filter(pk=mailed.pk).update(
        accepts_card=False, accepts_check=False, accepts_purchase_order=False
    )
    page = client.get(invoice.get_absolute_url()).text
    assert "by card" not in page
    assert "Pay by check" not in page
    assert "purchase order" not in page
    assert "No way of paying is set up" in page


def test_the_invoice_pdf_prints_the_check_address_and_no_card_payment_when_it_is_off(
    client, candidate, mailed, invoice
):
    client.force_login(candidate)
    text = _pdf_text(client.get(reverse("payments:invoice_pdf", args=[invoice.code])))
    assert "Pay by check" in text
    assert "payable to ALA-APA" in text
    assert invoice.code in text
    assert "225 N. Michigan Ave., Suite 1300" in text
    assert "Chicago, IL 60601" in text
    assert "By card" not in text


def test_the_invoice_pdf_offers_card_payment_when_it_is_on(
    client, candidate, mailed, invoice, stripe_on
):
    client.force_login(candidate)
    text = _pdf_text(client.get(reverse("payments:invoice_pdf", args=[invoice.code])))
    assert "By card" in text


def test_a_card_checkout_is_refused_when_the_program_does_not_accept_cards(
    client, candidate, program, invoice, stripe_on
):
    Program.objects.filter(pk=program.pk).update(accepts_card=False)
    client.force_login(candidate)
    response = client.post(reverse("payments:pay", args=[invoice.code]), follow=True)
    assert "Card payment is not available" in response.text


def test_an_expired_membership_waits_for_nothing(candidate, program):
    # Confirmed but lapsed: nothing to wait for, the non-member price at once.
    ala = Organisation.objects.get(code="ALA")
    MembershipFactory(
        user=candidate, organisation=ala, expires_on=timezone.localdate() - timedelta(days=1)
    )
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert invoice.total_cents == program.enrollment_fee_cents
