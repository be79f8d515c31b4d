"""A fund keeps the currency it was made in (ADR 0055). After its program changes currency, the
sponsor reads so before deciding (the fund page, the decision on an application), and an award
that would go on an invoice in the new currency is refused in words; nothing is converted."""

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.payments.api import enrollment_invoice_get_or_create
from certify.programs.models import Program
from certify.scholarships.models import Award
from certify.scholarships.services import application_award
from tests.scholarships.conftest import apply, fee_invoiced

NOTE = "is in US dollars (USD), the currency it was made in; LSSCP now charges its fees in euros"


@pytest.fixture
def in_euros(program):
    Program.objects.filter(pk=program.pk).update(currency="EUR")
    program.refresh_from_db()
    return program


def test_the_fund_page_and_the_decision_say_the_funds_currency_differs(
    enrollment_fund, member, committee, ssd_admin, in_euros, client
):
    application = apply(enrollment_fund, member)
    client.force_login(ssd_admin)
    page = client.get(reverse("scholarships:fund", args=[enrollment_fund.slug])).text
    assert NOTE in page
    assert "Certify does not convert between currencies" in page
    client.force_login(committee)
    page = client.get(application.get_absolute_url()).text
    decide = page.split("<h2>Decide</h2>", 1)[1]
    assert NOTE in decide.split("<form", 1)[0]  # read before the decision is made


def test_no_word_of_currency_while_the_fund_and_program_agree(
    enrollment_fund, member, ssd_admin, program, client
):
    client.force_login(ssd_admin)
    page = client.get(reverse("scholarships:fund", args=[enrollment_fund.slug])).text
    assert "the currency it was made in" not in page


def test_an_award_onto_an_invoice_in_the_new_currency_is_refused_in_words(
    enrollment_fund, member, committee, in_euros
):
    application = apply(enrollment_fund, member)
    fee_invoiced(enrollment_fund, member)  # issued in euros
    with pytest.raises(DomainError) as refused:
        application_award(application=application, actor=committee)
    said = refused.value.message
    assert said.startswith("Ravi Patel's invoice ")
    assert said.endswith(
        f"is in euros and the {enrollment_fund.name} in US dollars: an award cannot go on it, "
        "as Certify does not convert between currencies."
    )
    assert not Award.objects.exists()


def test_an_invoice_issued_before_the_change_still_takes_the_award(
    enrollment_fund, member, committee, program, staff
):
    invoice = enrollment_invoice_get_or_create(user=member, program=program, actor=staff)
    Program.objects.filter(pk=program.pk).update(currency="EUR")
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    assert (award.invoice, award.invoice.currency) == (invoice, "USD")


def test_a_renewal_award_does_not_stop_a_renewal_invoiced_in_the_new_currency(
    ssd, ssd_org, member, committee, program
):
    """A renewal award waits for the renewal invoice. When that invoice comes in the program's
    new currency, putting the award on it would fail, and it is put on while the candidate
    submits their renewal: the renewal goes ahead, and the award keeps waiting, saying why."""
    from certify.payments.api import renewal_invoice_create
    from certify.scholarships.api import renewal_awards_credit
    from tests.factories import FundFactory

    fund = FundFactory(
        sponsor=ssd, pays_enrollment=False, pays_renewal=True, required_organisations=[ssd_org]
    )
    award = application_award(application=apply(fund, member), actor=committee)
    Program.objects.filter(pk=program.pk).update(currency="EUR")
    program.refresh_from_db()
    invoice = renewal_invoice_create(user=member, program=program, actor=None, subject="cert:1")
    assert renewal_awards_credit(user=member) == 0
    award.refresh_from_db()
    invoice.refresh_from_db()
    assert (award.status, award.invoice, invoice.balance_cents) == ("committed", None, 15000)
    assert award.note == (
        f"Not on renewal invoice {invoice.code}: it is in euros and the {fund.name} in US "
        "dollars, and Certify does not convert between currencies."
    )
