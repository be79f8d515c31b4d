"""Void, credit notes, re-pricing and re-issuing at their edges (ADR 0041)."""

import io
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.core.models import AuditEvent, Event
from certify.core.money import Money
from certify.core.workflow import SYSTEM
from certify.payments.api import enrollment_invoice_for, enrollment_invoice_get_or_create
from certify.payments.documents import credit_note_pdf, invoice_pdf
from certify.payments.models import CreditNote, Invoice, InvoiceLine
from certify.payments.selectors import credit_note_get, invoice_get
from certify.payments.services import (
    invoice_refund,
    invoice_reissue,
    invoice_reprice,
    invoice_void,
    invoice_void_rest,
    payment_record,
    renewal_invoice_create,
)
from tests.factories import UserFactory

S = Invoice.Status


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    assert content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def _cheque(invoice, staff, cents):
    return payment_record(
        invoice=invoice, amount=Money(cents), method="cheque", reference="C1", actor=staff
    )


def test_voiding_an_open_invoice_issues_a_numbered_credit_note_with_the_reason(invoice, staff):
    note = invoice_void(invoice=invoice, reason="Entered twice by mistake.", actor=staff)
    invoice.refresh_from_db()
    assert invoice.status == S.VOID
    assert invoice.get_status_display() == "Void"
    assert (note.code, note.amount_cents, note.reason) == (
        "CN-LSSCP-000001",
        35000,
        "Entered twice by mistake.",
    )
    assert note.created_by == staff
    # nothing is owed on a void invoice any more
    assert (invoice.amount_due.cents, invoice.balance_cents, invoice.is_settled) == (0, 0, False)
    audit = AuditEvent.objects.get(verb="invoice.void")
    assert (audit.actor, audit.reason, audit.data["credit_note"]) == (
        staff,
        "Entered twice by mistake.",
        "CN-LSSCP-000001",
    )
    assert Event.objects.filter(name="invoice.void", payload__invoice_id=invoice.pk).exists()


def test_a_void_needs_a_reason(invoice, staff):
    with pytest.raises(DomainError, match="Say why the invoice is void"):
        invoice_void(invoice=invoice, reason="  ", actor=staff)
    invoice.refresh_from_db()
    assert invoice.status == S.OPEN
    assert not CreditNote.objects.exists()


def test_an_invoice_with_money_paid_on_it_is_never_voided(invoice, staff):
    _cheque(invoice, staff, 10000)
    with pytest.raises(DomainError, match=r"was paid on invoice .* cannot be voided\. Refund"):
        invoice_void(invoice=invoice, reason="Wrong price", actor=staff)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_cents) == (S.OPEN, 10000)
    assert not CreditNote.objects.exists()
    # refunded in full, the invoice is canceled by the refund, not voided
    invoice_refund(invoice=invoice, reason="Wrong price", actor=staff, amount=Money(10000))
    invoice.refresh_from_db()
    assert invoice.status == S.REFUNDED
    with pytest.raises(DomainError, match="cannot become “Void”"):
        invoice_void(invoice=invoice, reason="x", actor=staff)


def test_certify_voids_the_rest_of_a_part_paid_invoice_and_holds_the_paid_part_to_refund(
    invoice, staff
):
    """`invoice_void_rest` (a renewal closed by a revocation): the credit note cancels what was
    still owed and says the rest is refunded; the invoice page and the PDF say the same; a paid
    invoice is left for the usual refund."""
    _cheque(invoice, staff, 10000)
    note = invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refund_pending_cents, invoice.amount_due.cents) == (
        S.VOID,
        10000,
        0,
    )
    assert (note.amount_cents, note.held.cents) == (25000, 10000)
    assert note.reason == (
        "No longer owed. The $100.00 already paid on it will be refunded to whoever paid it, "
        "the way "
        "it was paid."
    )
    void = AuditEvent.objects.get(verb="invoice.void")
    assert (void.data["amount_cents"], void.data["held_cents"]) == (25000, 10000)
    text = pdf_text(credit_note_pdf(note=credit_note_get(code=note.code)))
    assert (
        "The $100.00 paid before the void is not canceled: it is held on this invoice until "
        "program "
        "staff refund it $100.00"
    ) in text
    assert "Credited $250.00" in text
    # staff refund it; the invoice stays void and holds nothing more
    invoice_refund(invoice=invoice, reason="Check returned.", actor=staff, amount=Money(10000))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refund_pending_cents) == (S.VOID, 0)
    # The credit note's words follow: refunded now, not "held".
    text = pdf_text(credit_note_pdf(note=credit_note_get(code=note.code)))
    assert "The $100.00 paid before the void was refunded $100.00" in text
    assert invoice_void_rest(invoice=invoice, reason="Again.", actor=staff) is None


def test_voiding_the_rest_leaves_a_paid_invoice_to_the_usual_refund(invoice, staff):
    _cheque(invoice, staff, 35000)
    assert invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff) is None
    assert Invoice.objects.get(pk=invoice.pk).status == S.PAID
    assert not CreditNote.objects.exists()


def test_a_paid_invoice_is_not_voided(invoice, staff):
    _cheque(invoice, staff, 35000)
    with pytest.raises(DomainError):
        invoice_void(invoice=invoice, reason="x", actor=staff)
    assert Invoice.objects.get(pk=invoice.pk).status == S.PAID


def test_staff_never_void_or_reprice_their_own_invoice(program):
    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(user=own, program=program, actor=own)
    with pytest.raises(OwnCaseError, match="You cannot decide your own case"):
        invoice_void(invoice=invoice, reason="x", actor=own)
    with pytest.raises(OwnCaseError):
        invoice_reprice(invoice=invoice, amount=Money(32500), reason="member", actor=own)
    with pytest.raises(OwnCaseError):
        invoice_reissue(invoice=invoice, reason="new date", actor=own)
    assert Invoice.objects.get(pk=invoice.pk).status == S.OPEN
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.REVIEWER, Role.SPONSOR, Role.PROVIDER])
def test_nobody_but_staff_voids_an_invoice(invoice, role):
    actor = UserFactory(roles=[role])
    with pytest.raises(DomainError, match="only program staff other than the invoice's person"):
        invoice_void(invoice=invoice, reason="x", actor=actor)
    with pytest.raises(DomainError):
        invoice_reprice(invoice=invoice, amount=Money(32500), reason="x", actor=actor)
    assert Invoice.objects.get(pk=invoice.pk).status == S.OPEN


def test_the_candidate_cannot_void_their_own_invoice(invoice, candidate):
    with pytest.raises(DomainError):
        invoice_void(invoice=invoice, reason="I do not want to pay", actor=candidate)
    assert Invoice.objects.get(pk=invoice.pk).status == S.OPEN


def test_certify_itself_may_void(invoice):
    note = invoice_void(invoice=invoice, reason="Not accepted", actor=SYSTEM)
    assert note.created_by is None
    assert Invoice.objects.get(pk=invoice.pk).status == S.VOID


def test_repricing_voids_the_invoice_and_issues_a_linked_one_at_the_member_price(
    invoice, candidate, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = invoice_reprice(
            invoice=invoice, amount=Money(32500), reason="ALA member no. 12345", actor=staff
        )
    invoice.refresh_from_db()
    assert invoice.status == S.VOID
    assert new.replaces == invoice
    assert (new.status, new.total_cents, new.user, new.kind) == (
        S.OPEN,
        32500,
        candidate,
        "enrollment",
    )
    kinds = list(new.lines.order_by("id").values_list("kind", "amount_cents"))
    assert kinds == [
        (InvoiceLine.Kind.ENROLLMENT_FEE, 35000),
        (InvoiceLine.Kind.MEMBER_DISCOUNT, -2500),
    ]
    assert enrollment_invoice_for(user=candidate, program=invoice.program) == new
    assert invoice.credit_note.amount_cents == 35000
    assert AuditEvent.objects.filter(verb="invoice.repriced", target_id=str(new.pk)).exists()
    replaced = Event.objects.get(name="invoice.replaced")
    assert replaced.payload["replaces_id"] == invoice.pk
    assert replaced.payload["change"] == "repriced"
    assert any(new.code in m.body for m in mailoutbox)  # the new invoice is sent


def test_any_other_price_is_a_price_adjustment_quoting_the_reason(invoice, staff):
    new = invoice_reprice(invoice=invoice, amount=Money(20000), reason="Hardship", actor=staff)
    line = new.lines.order_by("id").last()
    assert (line.kind, line.amount_cents, line.description) == (
        InvoiceLine.Kind.PRICE_ADJUSTMENT,
        -15000,
        "Price corrected: Hardship",
    )


def test_repricing_to_the_same_price_is_refused(invoice, staff):
    with pytest.raises(DomainError, match="already for"):
        invoice_reprice(invoice=invoice, amount=Money(35000), reason="x", actor=staff)
    assert Invoice.objects.count() == 1


def test_reissuing_keeps_the_lines_with_a_new_due_date_and_name(invoice, staff):
    due = timezone.localdate() + timedelta(days=60)
    new = invoice_reissue(
        invoice=invoice,
        reason="Employer pays",
        actor=staff,
        due_on=due,
        bill_to_name="Town Library",
    )
    assert (new.due_on, new.bill_to_name, new.total_cents, new.replaces_id) == (
        due,
        "Town Library",
        35000,
        invoice.pk,
    )
    assert AuditEvent.objects.filter(verb="invoice.reissued").exists()
    with pytest.raises(DomainError, match="cannot be in the past"):
        invoice_reissue(
            invoice=new, reason="x", actor=staff, due_on=timezone.localdate() - timedelta(days=1)
        )
    assert Invoice.objects.get(pk=new.pk).status == S.OPEN


def test_only_enrollment_invoices_are_repriced(candidate, program, staff):
    renewal = renewal_invoice_create(user=candidate, program=program, actor=candidate)
    with pytest.raises(DomainError, match="Only an enrollment invoice"):
        invoice_reissue(invoice=renewal, reason="x", actor=staff)
    assert Invoice.objects.get(pk=renewal.pk).status == S.OPEN
    invoice_void(invoice=renewal, reason="Renewal withdrawn", actor=staff)  # voiding still works


def test_credit_notes_are_numbered_in_their_own_series_per_program(candidate, program, staff):
    from tests.factories import ProgramFactory

    other = ProgramFactory(short_name="OTHER", currency="USD", enrollment_fee_cents=1000)
    codes = []
    for p in (program, program, other):
        person = UserFactory(roles=[Role.CANDIDATE])
        inv = enrollment_invoice_get_or_create(user=person, program=p, actor=person)
        codes.append(invoice_void(invoice=inv, reason="x", actor=staff).code)
    assert codes == ["CN-LSSCP-000001", "CN-LSSCP-000002", "CN-OTHER-000001"]
    # invoice numbers are a separate series: voids take none
    fresh = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert fresh.number == 3


def test_one_live_enrollment_invoice_holds_with_void(invoice, candidate, program, staff):
    invoice_void(invoice=invoice, reason="x", actor=staff)
    again = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    assert again.pk != invoice.pk  # a void invoice is not live: a new one may be made
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            program=program,
            number=99,
            code="LSSCP-000099",
            user=candidate,
            kind="enrollment",
            currency="USD",
            bill_to_name="x",
            bill_to_email="x@example.org",
            issued_on=timezone.localdate(),
            due_on=timezone.localdate(),
        )


def test_a_card_payment_that_reaches_a_void_invoice_is_a_pending_refund(invoice, staff):
    from certify.payments.services.payments import card_payment_record

    invoice_void(invoice=invoice, reason="x", actor=staff)
    with transaction.atomic():
        card_payment_record(
            invoice_id=invoice.pk, payment_intent="pi_late", amount_cents=35000, currency="usd"
        )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refund_pending_cents) == (S.VOID, 35000)
    assert AuditEvent.objects.filter(verb="payment.overpaid").exists()
    with transaction.atomic():
        invoice.payments.update(method="cheque")  # refunding a card needs Stripe: not this test
    invoice_refund(invoice=invoice, reason="Paid after the void", actor=staff, amount=Money(35000))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refund_pending_cents) == (S.VOID, 0)


def test_the_pdfs_show_the_void_and_the_credit_note(invoice, staff):
    new = invoice_reprice(invoice=invoice, amount=Money(32500), reason="ALA member", actor=staff)
    old = invoice_get(code=invoice.code)
    text = pdf_text(invoice_pdf(invoice=old))
    assert "Void" in text
    assert f"replaced by invoice {new.code}" in text
    note = credit_note_get(code="CN-LSSCP-000001")
    text = pdf_text(credit_note_pdf(note=note))
    assert "CN-LSSCP-000001" in text
    assert invoice.code in text
    assert "ALA member" in text
    assert f"Invoice {new.code}" in text
    text = pdf_text(invoice_pdf(invoice=invoice_get(code=new.code)))
    assert f"replaces invoice {invoice.code}" in text


def test_a_persons_data_export_holds_the_credit_notes_of_their_invoices(invoice, candidate, staff):
    from certify.accounts.privacy import privacy_parts

    invoice_void(invoice=invoice, reason="Issued twice.", actor=staff)
    part = next(p for p in privacy_parts() if p.name == "payments")
    notes = part.export(candidate)["credit_notes"]
    assert [(n["code"], n["reason"]) for n in notes] == [("CN-LSSCP-000001", "Issued twice.")]
    assert part.export(staff)["credit_notes"] == []
