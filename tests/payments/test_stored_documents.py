"""Invoice, receipt and credit note PDFs rendered ahead and served from storage (ADR 0058).

Each change of an invoice (issued, paid, voided, re-priced) has its PDFs typeset by a task after
commit; the downloads then serve the stored file without WeasyPrint (`no_typesetting`), and a
PDF whose stored rendering is missing or shows an older state is typeset on the spot.
"""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services import invoice_reprice, invoice_void, payment_record
from tests.conftest import stored_pdfs, writes_during
from tests.factories import UserFactory
from tests.payments.test_void import pdf_text


def _pdf(client, name: str, *args) -> bytes:
    response = client.get(reverse(f"payments:{name}", args=args))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def issued(candidate, program, stored_documents, django_capture_on_commit_callbacks):
    """An enrollment invoice, issued with its task run after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)


def test_an_issued_invoice_is_typeset_ahead_and_served_without_weasyprint(
    client, candidate, issued, stored_documents, request
):
    [stored] = stored_pdfs(stored_documents, "invoices", issued.pk)
    request.getfixturevalue("no_typesetting")
    client.force_login(candidate)
    response = client.get(reverse("payments:invoice_pdf", args=[issued.code]))
    assert response.status_code == 200
    assert response.content == stored.read_bytes()
    assert response["Content-Disposition"] == f'inline; filename="invoice-{issued.code}.pdf"'
    text = pdf_text(response.content)
    assert issued.code in text
    assert "How to pay" in text


def test_a_payment_typesets_the_paid_invoice_and_its_receipt(
    client, staff, issued, stored_documents, django_capture_on_commit_callbacks, request
):
    [open_pdf] = stored_pdfs(stored_documents, "invoices", issued.pk)
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_record(
            invoice=issued, amount=Money(35000), method="cheque", reference="CHQ 7", actor=staff
        )
    [paid_pdf] = stored_pdfs(stored_documents, "invoices", issued.pk)
    assert paid_pdf != open_pdf  # the open invoice's rendering is gone
    [receipt] = stored_pdfs(stored_documents, "receipts", payment.pk)
    request.getfixturevalue("no_typesetting")
    client.force_login(staff)
    assert "PAID" in pdf_text(_pdf(client, "invoice_pdf", issued.code)).upper()
    content = _pdf(client, "receipt_pdf", payment.pk)
    assert content == receipt.read_bytes()
    assert "CHQ 7" in pdf_text(content)


def test_a_void_after_issue_is_typeset_again_with_its_credit_note(
    client, staff, issued, stored_documents, django_capture_on_commit_callbacks, request
):
    with django_capture_on_commit_callbacks(execute=True):
        note = invoice_void(invoice=issued, reason="Entered twice by mistake.", actor=staff)
    assert len(stored_pdfs(stored_documents, "invoices", issued.pk)) == 1
    assert len(stored_pdfs(stored_documents, "credit-notes", note.pk)) == 1
    request.getfixturevalue("no_typesetting")
    client.force_login(staff)
    text = pdf_text(_pdf(client, "invoice_pdf", issued.code))
    assert "This invoice is void" in text
    assert "How to pay" not in text
    assert "Entered twice by mistake." in pdf_text(_pdf(client, "credit_note_pdf", note.code))


def test_a_repriced_invoice_names_its_replacement_on_both_pdfs(
    client, staff, issued, stored_documents, django_capture_on_commit_callbacks, request
):
    with django_capture_on_commit_callbacks(execute=True):
        new = invoice_reprice(
            invoice=issued, amount=Money(32500), reason="ALA member price.", actor=staff
        )
    request.getfixturevalue("no_typesetting")
    client.force_login(staff)
    assert f"It is replaced by invoice {new.code}" in pdf_text(
        _pdf(client, "invoice_pdf", issued.code)
    )
    assert f"replaces invoice {issued.code}" in pdf_text(_pdf(client, "invoice_pdf", new.code))


def test_a_stale_rendering_is_never_served_when_the_task_has_not_run(
    client, staff, issued, stored_documents, django_capture_on_commit_callbacks
):
    [open_pdf] = stored_pdfs(stored_documents, "invoices", issued.pk)
    with django_capture_on_commit_callbacks(execute=False):  # the worker is down
        invoice_void(invoice=issued, reason="Entered twice by mistake.", actor=staff)
    client.force_login(staff)
    content = _pdf(client, "invoice_pdf", issued.code)
    assert content != open_pdf.read_bytes()
    assert "This invoice is void" in pdf_text(content)
    # typeset on the spot and kept beside the old one (the next task run removes that)
    assert len(stored_pdfs(stored_documents, "invoices", issued.pk)) == 2


def test_a_missing_rendering_is_typeset_on_the_spot_kept_and_then_served(
    client, candidate, invoice, stored_documents, request
):
    """No task ran (the invoice was issued without one): the first download typesets, writes no
    row (a file only, no task), and the next one is served from storage."""
    assert stored_pdfs(stored_documents, "invoices", invoice.pk) == []
    client.force_login(candidate)
    writes = writes_during(lambda: _pdf(client, "invoice_pdf", invoice.code))
    assert writes == []
    [stored] = stored_pdfs(stored_documents, "invoices", invoice.pk)
    request.getfixturevalue("no_typesetting")
    assert _pdf(client, "invoice_pdf", invoice.code) == stored.read_bytes()
    stored.unlink()  # removed (a cleanup, a restore without them): typeset again
    with pytest.raises(AssertionError, match="WeasyPrint was asked"):
        client.get(reverse("payments:invoice_pdf", args=[invoice.code]))


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_a_stored_pdf_is_still_refused_to_everyone_but_its_person_and_staff(
    client_as, staff, issued, stored_documents, django_capture_on_commit_callbacks, role, request
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_record(
            invoice=issued, amount=Money(35000), method="cheque", reference="C1", actor=staff
        )
        other = UserFactory(roles=[Role.CANDIDATE])
        second = enrollment_invoice_get_or_create(user=other, program=issued.program, actor=other)
        note = invoice_void(invoice=second, reason="Not needed.", actor=staff)
    assert stored_pdfs(stored_documents, "receipts", payment.pk)
    request.getfixturevalue("no_typesetting")
    client = client_as(role)
    for name, arg in (
        ("invoice_pdf", issued.code),
        ("receipt_pdf", payment.pk),
        ("credit_note_pdf", note.code),
    ):
        # as an unknown document: the 404 page, the stored PDF never sent
        assert client.get(reverse(f"payments:{name}", args=[arg])).status_code == 404, name


def test_the_pdfs_embed_only_subsets_of_their_fonts(client, candidate, invoice):
    from io import BytesIO

    from pypdf import PdfReader

    client.force_login(candidate)
    page = PdfReader(BytesIO(_pdf(client, "invoice_pdf", invoice.code))).pages[0]
    fonts = page["/Resources"]["/Font"]
    names = sorted(str(fonts[name].get_object()["/BaseFont"]) for name in fonts)
    assert names, "no fonts found"
    # A subset's name starts with six capitals and a plus (PDF 32000-1, 9.6.4).
    assert all(name[7] == "+" and name[1:7].isupper() for name in names), names
    assert all("DejaVu-Sans" in name for name in names), names  # one family, as the CSS says
