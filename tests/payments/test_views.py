import csv
import io
import itertools

import pytest
from django.urls import reverse

from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Invoice, Payment
from certify.payments.services import payment_record
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.hidden import assert_answers_as_unknown

OTHERS = ["candidate", "reviewer", "provider", "sponsor", "no_role"]
STAFF_PAGES = ["payments:staff_invoices", "payments:staff_payments", "payments:staff_refunds"]


_CHEQUES = itertools.count(9)


def _paid(invoice, staff, cents=None):
    return payment_record(
        invoice=invoice,
        amount=Money(cents or invoice.balance_cents),
        method="cheque",
        reference=f"CHQ {next(_CHEQUES)}",  # the same cheque twice is refused
        actor=staff,
    )


def test_the_candidate_sees_invoices_payments_and_receipts(client, candidate, invoice, staff):
    payment = _paid(invoice, staff)
    client.force_login(candidate)
    page = client.get(reverse("payments:list")).text
    assert invoice.code in page
    assert "Receipt R-" in page
    detail = client.get(invoice.get_absolute_url()).text
    assert "LSSCP enrollment fee" in detail
    assert payment.reference in detail
    assert "Staff: record a payment" not in detail


@pytest.mark.parametrize(("role", "linked"), [("candidate", True), ("provider", False)])
def test_the_payments_page_points_to_memberships_only_for_those_who_may_record_them(
    db, client_as, role, linked
):
    """A provider pays course-approval fees here too; a link to a memberships page that refuses
    them (403) was a dead end."""
    page = client_as(role).get(reverse("payments:list")).text
    assert (reverse("memberships:list") in page) is linked
    assert client_as(role).get(reverse("memberships:list")).status_code == (200 if linked else 403)


def test_a_candidate_gets_an_enrollment_invoice_from_the_payments_page(client, candidate, program):
    client.force_login(candidate)
    page = client.get(reverse("payments:list")).text
    assert f"Get your {program.short_name} enrollment invoice" in page
    response = client.post(reverse("payments:enrollment_start", args=[program.slug]))
    invoice = Invoice.objects.get(user=candidate)
    assert response.url == invoice.get_absolute_url()
    client.post(reverse("payments:enrollment_start", args=[program.slug]))
    assert Invoice.objects.count() == 1


def test_pay_after_acceptance_programs_are_not_invoiced_from_the_payments_page(
    client, candidate, program
):
    program.payment_timing = "after_acceptance"
    program.save()
    client.force_login(candidate)
    assert "enrollment invoice" not in client.get(reverse("payments:list")).text
    client.post(reverse("payments:enrollment_start", args=[program.slug]))
    assert not Invoice.objects.exists()


def test_payment_pages_send_anonymous_visitors_to_sign_in(client, invoice):
    urls = [
        reverse("payments:list"),
        invoice.get_absolute_url(),
        reverse("payments:invoice_pdf", args=[invoice.code]),
        *[reverse(name) for name in STAFF_PAGES],
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response.url


@pytest.mark.parametrize("role", OTHERS)
def test_someone_elses_invoice_and_receipt_answer_as_unknown_ones(client_as, invoice, staff, role):
    """Another person's invoice, its PDF, receipt, payment and return page are the 404 page of
    an unknown code, word for word: the answer does not tell that the code exists."""
    payment = _paid(invoice, staff)
    client = client_as(role)
    for name, arg, unknown, method in (
        ("invoice", invoice.code, "INV-NONE-1", "get"),
        ("invoice_pdf", invoice.code, "INV-NONE-1", "get"),
        ("receipt_pdf", payment.pk, payment.pk + 1000, "get"),
        ("pay", invoice.code, "INV-NONE-1", "post"),
        ("paid", invoice.code, "INV-NONE-1", "get"),
    ):
        url, missing = (reverse(f"payments:{name}", args=[a]) for a in (arg, unknown))
        assert_answers_as_unknown(client, url, missing, method)
    assert not Payment.objects.exclude(pk=payment.pk).exists()


def test_staff_who_may_not_pay_a_candidates_invoice_are_refused_not_misled(client, invoice, staff):
    """Staff know of every invoice: paying one that is not theirs is a 403, not a 404."""
    client.force_login(staff)
    assert client.post(reverse("payments:pay", args=[invoice.code])).status_code == 403


@pytest.mark.parametrize("role", OTHERS)
def test_staff_pages_and_actions_are_refused_to_everyone_but_staff(client_as, invoice, role):
    client = client_as(role)
    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 403
    response = client.post(
        reverse("payments:payment_record", args=[invoice.code]),
        {"method": "cheque", "amount": "350", "reference": "X", "received_on": "2026-01-02"},
    )
    assert response.status_code == 403
    response = client.post(reverse("payments:refund_create", args=[invoice.code]), {"reason": "x"})
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_the_owner_cannot_record_their_own_payment(client, candidate, invoice):
    client.force_login(candidate)
    response = client.post(
        reverse("payments:payment_record", args=[invoice.code]),
        {"method": "cheque", "amount": "350", "reference": "X", "received_on": "2026-01-02"},
    )
    assert response.status_code == 403


def test_staff_record_a_cheque_that_settles_the_invoice(client, staff, invoice):
    client.force_login(staff)
    response = client.post(
        reverse("payments:payment_record", args=[invoice.code]),
        {
            "method": "cheque",
            "amount": "$350.00",
            "reference": "CHQ 42",
            "received_on": "2026-01-05",
        },
        follow=True,
    )
    assert "Payment of $350.00 recorded" in response.text
    invoice.refresh_from_db()
    assert invoice.status == "paid"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("400", "$400.00 is more than the $350.00 still owed"),
        ("12.345", "at most two decimals"),
        ("three fifty", "Enter an amount in dollars and cents"),
    ],
)
def test_a_bad_payment_form_explains_and_keeps_what_was_typed(
    client, staff, invoice, amount, message
):
    client.force_login(staff)
    response = client.post(
        reverse("payments:payment_record", args=[invoice.code]),
        {
            "method": "purchase_order",
            "amount": amount,
            "reference": "PO-2026-17",
            "received_on": "2026-01-05",
        },
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'value="PO-2026-17"' in response.text
    assert not Payment.objects.exists()
    # The long invoice page opens at the payment form's error summary.
    assert 'id="payment-errors"' in response.text
    assert '/payments/#payment-errors"' in response.text


def test_a_part_paid_invoice_labels_the_payment_and_refund_fields_apart(client, staff, invoice):
    """Both forms have an amount and a reference; with the same ids, "Amount to refund" was
    the label of the payment's amount field."""
    _paid(invoice, staff, cents=10000)
    client.force_login(staff)
    page = client.get(invoice.get_absolute_url()).text
    assert "Staff: refund" in page
    for name in ("amount", "reference"):
        assert page.count(f'id="id_{name}"') == 1
        assert page.count(f'id="id_refund_{name}"') == 1
    assert 'for="id_refund_amount"' in page


def test_outstanding_invoices_and_csv(client, staff, program):
    open_one = enrollment_invoice_get_or_create(
        user=UserFactory(full_name="Olive Open"), program=program, actor=None
    )
    paid_one = enrollment_invoice_get_or_create(
        user=UserFactory(full_name="Paula Paid"), program=program, actor=None
    )
    _paid(paid_one, staff)
    client.force_login(staff)
    page = client.get(reverse("payments:staff_invoices")).text
    assert "Olive Open" in page
    assert "Paula Paid" not in page
    assert "Paula Paid" in client.get(reverse("payments:staff_invoices"), {"status": ""}).text
    response = client.get(reverse("payments:staff_invoices"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["invoice", "issued_on", "due_on"]
    assert [r[0] for r in rows[1:]] == [open_one.code]
    assert rows[1][-1] == "350.00"


def test_payments_by_period_and_csv(client, staff, invoice):
    payment = payment_record(
        invoice=invoice,
        amount=Money(35000),
        method="cheque",
        reference="=HYPERLINK(1)",
        received_on=None,
        actor=staff,
    )
    client.force_login(staff)
    page = client.get(reverse("payments:staff_payments")).text
    assert payment.receipt_code in page
    assert "$350.00" in page
    empty = client.get(
        reverse("payments:staff_payments"), {"start": "2001-01-01", "end": "2001-01-31"}
    ).text
    assert "No payments in this period." in empty
    bad = client.get(
        reverse("payments:staff_payments"), {"start": "2026-02-01", "end": "2026-01-01"}
    ).text
    assert "The start of the period is after its end." in bad
    response = client.get(reverse("payments:staff_payments"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == payment.receipt_code
    assert rows[1][7] == "'=HYPERLINK(1)"  # never run as a spreadsheet formula
    assert rows[1][9] == "350.00"


def _grow(program, staff, n):
    for _ in range(n):
        invoice = enrollment_invoice_get_or_create(user=UserFactory(), program=program, actor=None)
        _paid(invoice, staff, 10000)


@pytest.mark.parametrize(
    "url",
    [
        reverse("payments:staff_invoices"),
        reverse("payments:staff_invoices") + "?format=csv",
        reverse("payments:staff_payments"),
        reverse("payments:staff_payments") + "?format=csv",
    ],
)
def test_staff_list_query_counts_do_not_grow(client, staff, program, url):
    client.force_login(staff)
    _grow(program, staff, 1)
    few = count_queries(lambda: client.get(url))
    _grow(program, staff, 6)
    assert count_queries(lambda: client.get(url)) == few


@pytest.mark.parametrize("view", ["list", "detail"])
def test_candidate_page_query_counts_do_not_grow(client, candidate, staff, program, view):
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=None)
    client.force_login(candidate)
    url = reverse("payments:list") if view == "list" else invoice.get_absolute_url()
    _paid(invoice, staff, 1000)
    few = count_queries(lambda: client.get(url))
    for _ in range(5):
        _paid(invoice, staff, 1000)
    if view == "list":
        for code in ("c1", "c2", "c3"):
            from certify.payments.api import course_approval_invoice_create

            course_approval_invoice_create(
                provider=candidate, program=program, course_title=code, actor=None
            )
    assert count_queries(lambda: client.get(url)) == few


def test_navigation_shows_payments_to_candidates_and_invoices_to_staff(client_as, program):
    html = client_as("candidate").get(reverse("accounts:home")).text
    assert 'href="/payments/"' in html
    assert 'href="/payments/staff/invoices/"' not in html
    html = client_as("program_staff").get(reverse("accounts:home")).text
    assert 'href="/payments/staff/invoices/"' in html


@pytest.mark.parametrize("role", ["reviewer", "provider", "sponsor", "program_staff", "no_role"])
def test_only_candidates_ask_for_an_enrollment_invoice(client_as, program, role):
    response = client_as(role).post(reverse("payments:enrollment_start", args=[program.slug]))
    assert response.status_code == 403
    assert not Invoice.objects.exists()


def test_asking_for_an_enrollment_invoice_needs_a_sign_in(client, program):
    response = client.post(reverse("payments:enrollment_start", args=[program.slug]))
    assert response.status_code == 302
    assert not Invoice.objects.exists()
