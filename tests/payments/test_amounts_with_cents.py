"""Every amount a person reads about payments is written one way, with its cents ("$150.00"):
the pages (the candidate's, staff's), the e-mails and the PDFs, through one formatter
(`Money.with_cents`, the template filter `with_cents`). A page that said "$150" beside a PDF
that said "$150.00" left a payer wondering whether the two were one amount."""

from datetime import date

import pytest
from django.core import mail
from django.template import Context, Template

from certify.core.money import Money
from certify.core.templatetags.money import with_cents
from certify.payments.models import Invoice
from certify.payments.services import invoice_refund, payment_record
from certify.payments.services.invoices import invoice_create
from tests.money_words import SHORT


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("cents", "currency", "text"),
    [
        (0, "USD", "$0.00"),
        (1, "USD", "$0.01"),
        (99, "USD", "$0.99"),
        (100, "USD", "$1.00"),
        (35000, "USD", "$350.00"),
        (100000, "USD", "$1,000.00"),
        (123456789, "USD", "$1,234,567.89"),
        (-1, "USD", "-$0.01"),
        (-2500, "USD", "-$25.00"),
        (-123456, "USD", "-$1,234.56"),
        (0, "EUR", "€0.00"),
        (20000, "CAD", "CA$200.00"),
        (5000, "CHF", "CHF 50.00"),
    ],
)
def test_money_is_written_with_its_cents_at_the_edges(cents, currency, text):
    assert Money(cents, currency).with_cents() == text
    assert with_cents(Money(cents, currency)) == text
    rendered = Template("{% load money %}{{ amount|with_cents }}").render(
        Context({"amount": Money(cents, currency)})
    )
    assert rendered == text


@pytest.mark.database_free
def test_the_filter_leaves_what_is_not_money_as_it_is():
    assert with_cents(None) == ""
    assert with_cents("—") == "—"
    assert with_cents(150) == "150"


@pytest.mark.database_free
def test_str_writes_the_cents_too():
    """No short form is left: an amount in an f-string or a template without the filter says
    its cents as `with_cents()` does."""
    assert str(Money(35000)) == "$350.00"
    assert f"{Money(100000)}" == "$1,000.00"
    assert str(Money(1999)) == "$19.99"
    assert str(Money(-2500, "CHF")) == "-CHF 25.00"


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("Pay $350 by card", True),
        ("Total -$1,234 due", True),
        ("Pay $350.00 by card", False),
        ("-$1,234.56", False),
        ("$0.01", False),
        ("Enrollment costs USD 350, or", True),
        ("CHF 50 in all", True),
        ("€20.", True),
        ("USD 350.00", False),
        ("5 of 5 awards", False),
    ],
)
def test_the_check_below_finds_a_short_amount(text, short):
    assert bool(SHORT.search(text)) is short


def _big_invoice(program, candidate, staff) -> Invoice:
    """A fee in the thousands with a negative credit line of 1 cent and one of 99 cents."""
    return invoice_create(
        program=program,
        user=candidate,
        kind=Invoice.Kind.ENROLLMENT,
        lines=[
            ("enrollment_fee", "Enrollment fee", 123400),
            ("member_discount", "Member discount", -1),
            ("scholarship_credit", "Scholarship credit", -99),
        ],
        actor=staff,
        today=date.today(),  # noqa: DTZ011 (the issue day is shown, not compared)
    )


def test_no_payments_page_shows_an_amount_without_its_cents(client, program, candidate, staff):
    invoice = _big_invoice(program, candidate, staff)
    assert invoice.total == Money(123300)
    payment_record(
        invoice=invoice, amount=Money(100000), method="cheque", reference="C1", actor=staff
    )
    invoice_refund(invoice=invoice, amount=Money(2500), reason="Goodwill.", actor=staff)
    pages = {
        "candidate": [invoice.get_absolute_url(), "/payments/"],
        "staff": [
            invoice.get_absolute_url(),
            "/payments/staff/invoices/",
            "/payments/staff/payments/",
            "/payments/staff/refunds/",
            f"/payments/invoices/{invoice.code}/refunds/confirm/?amount=10&reason=Goodwill.",
        ],
    }
    seen = {}
    for who, urls in pages.items():
        client.force_login(candidate if who == "candidate" else staff)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = " ".join(response.text.split())
            assert SHORT.findall(text) == [], url
            seen[(who, url)] = text
    detail = seen[("candidate", invoice.get_absolute_url())]
    assert "$1,234.00" in detail
    assert "-$0.01" in detail
    assert "-$0.99" in detail
    invoice.refresh_from_db()
    # Paid $1,000.00, then $25.00 refunded, which comes off the total as a credit line.
    assert invoice.total == Money(123300 - 2500)
    assert "$1,208.00" in detail
    assert "-$25.00" in detail
    assert f"Still to pay</dt><dd>{invoice.amount_due.with_cents()}</dd>" in detail
    assert invoice.amount_due.with_cents().endswith(".00")
    for email in mail.outbox:
        assert SHORT.findall(email.subject + email.body) == [], email.subject


def test_a_paid_invoice_tells_the_person_billed_there_is_nothing_left_to_pay(
    client, invoice, candidate, staff
):
    payment_record(
        invoice=invoice, amount=invoice.amount_due, method="cheque", reference="C", actor=staff
    )
    client.force_login(candidate)
    page = " ".join(client.get(invoice.get_absolute_url()).text.split())
    assert "This invoice is paid: nothing is left to pay." in page
    assert "Your receipt is under “Payments” below." in page
    client.force_login(staff)
    assert "nothing is left to pay." not in client.get(invoice.get_absolute_url()).text
