"""Staff void, re-price and re-issue from the invoice page, after a warning step (ADR 0041)."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import CreditNote, Invoice
from certify.payments.services import invoice_reprice, invoice_void, payment_record
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.hidden import assert_answers_as_unknown

S = Invoice.Status


def test_voiding_asks_for_confirmation_first(client, staff, invoice):
    client.force_login(staff)
    url = reverse("payments:invoice_void", args=[invoice.code])
    page = client.post(url, {"void-reason": "Issued twice."})
    assert page.status_code == 200
    text = page.text
    assert "message message--warning" in text
    assert f"Void invoice {invoice.code}?" in text
    assert "This cannot be undone" in text
    assert 'name="confirmed" value="yes"' in text
    invoice.refresh_from_db()
    assert invoice.status == S.OPEN  # nothing happens before the confirmation
    response = client.post(url, {"void-reason": "Issued twice.", "confirmed": "yes"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == S.VOID
    assert invoice.credit_note.reason == "Issued twice."


def test_a_void_without_a_reason_is_refused_beside_the_field(client, staff, invoice):
    client.force_login(staff)
    response = client.post(
        reverse("payments:invoice_void", args=[invoice.code]),
        {"void-reason": "", "confirmed": "yes"},
    )
    assert response.status_code == 400
    assert "Say why the invoice is void" in response.text
    assert Invoice.objects.get(pk=invoice.pk).status == S.OPEN


def test_staff_reprice_and_the_candidate_sees_void_replaced_by(client, staff, candidate, invoice):
    client.force_login(staff)
    url = reverse("payments:invoice_reprice", args=[invoice.code])
    data = {"reprice-amount": "325", "reprice-reason": "ALA member no. 12345"}
    confirm = client.post(url, data).text
    assert "A new invoice for $325.00 replaces it" in confirm
    response = client.post(url, {**data, "confirmed": "yes"})
    new = Invoice.objects.get(replaces=invoice)
    assert response.url == new.get_absolute_url()
    assert new.total_cents == 32500
    client.force_login(candidate)
    old_page = client.get(invoice.get_absolute_url()).text
    assert "Void — replaced by" in old_page
    assert f'href="{new.get_absolute_url()}"' in old_page
    assert "Awaiting payment" not in old_page
    assert "How to pay" not in old_page
    new_page = client.get(new.get_absolute_url()).text
    assert (
        f'This invoice replaces <a href="{invoice.get_absolute_url()}">invoice {invoice.code}'
        in new_page
    )
    note = CreditNote.objects.get(invoice=invoice)
    pdf = client.get(reverse("payments:credit_note_pdf", args=[note.code]))
    assert pdf["Content-Type"] == "application/pdf"


def test_staff_are_refused_on_their_own_invoice_before_the_warning(client, program, staff):
    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(user=own, program=program, actor=own)
    client.force_login(own)
    response = client.post(
        reverse("payments:invoice_void", args=[invoice.code]), {"void-reason": "Mine"}
    )
    assert response.status_code == 400
    assert "You cannot decide your own case" in response.text
    assert "Void invoice" not in response.text.split("<h1")[1][:80]
    assert Invoice.objects.get(pk=invoice.pk).status == S.OPEN


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.REVIEWER, Role.SPONSOR, Role.PROVIDER])
def test_other_roles_cannot_void_reprice_or_reissue(client, invoice, role):
    client.force_login(UserFactory(roles=[role]))
    for name in ("invoice_void", "invoice_reprice", "invoice_reissue"):
        response = client.post(
            reverse(f"payments:{name}", args=[invoice.code]),
            {
                "void-reason": "x",
                "reprice-amount": "1",
                "reprice-reason": "x",
                "reissue-reason": "x",
                "confirmed": "yes",
            },
        )
        assert response.status_code in (403, 404), name
    assert Invoice.objects.get(pk=invoice.pk).status == S.OPEN
    assert Invoice.objects.count() == 1


def test_the_invoice_owner_cannot_void_it_either(client, candidate, invoice):
    client.force_login(candidate)
    response = client.post(
        reverse("payments:invoice_void", args=[invoice.code]),
        {"void-reason": "x", "confirmed": "yes"},
    )
    assert response.status_code == 403
    assert "Staff: void" not in client.get(invoice.get_absolute_url()).text


def test_another_candidate_cannot_read_a_credit_note(client, invoice, staff):
    note = invoice_void(invoice=invoice, reason="x", actor=staff)
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    # as a credit note that does not exist: the same 404 page
    assert_answers_as_unknown(
        client,
        reverse("payments:credit_note_pdf", args=[note.code]),
        reverse("payments:credit_note_pdf", args=["CN-NONE-1"]),
    )


def test_a_part_paid_invoice_says_why_it_cannot_be_voided(client, staff, invoice):
    payment_record(invoice=invoice, amount=Money(5000), method="cheque", reference="C", actor=staff)
    client.force_login(staff)
    page = client.get(invoice.get_absolute_url()).text
    assert "cannot be voided. Refund what was paid first" in page
    assert reverse("payments:invoice_void", args=[invoice.code]) not in page


def test_the_void_invoices_list_costs_the_same_for_many(client, staff, program):
    def make(n):
        for _ in range(n):
            person = UserFactory(roles=[Role.CANDIDATE])
            inv = enrollment_invoice_get_or_create(user=person, program=program, actor=person)
            invoice_reprice(invoice=inv, amount=Money(32500), reason="member", actor=staff)

    client.force_login(staff)
    url = reverse("payments:staff_invoices") + "?status=void"
    make(1)
    one = count_queries(lambda: client.get(url))
    make(5)
    page = client.get(url).text
    assert page.count("Void</td>") == 6
    assert count_queries(lambda: client.get(url)) == one
