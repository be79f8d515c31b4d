"""A rejected candidate finds the decision, the reason and the appeal from the navigation; the
unpaid invoice of a rejected application is voided in the same transaction (ADR 0041)."""

from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import candidate_tasks
from certify.appeals.api import appeal_submit_grounds
from certify.applications import decisions
from certify.applications.appeals import application_appeal
from certify.applications.models import Application
from certify.core.money import Money
from certify.payments.api import enrollment_invoice_for
from certify.payments.models import CreditNote, Invoice, Payment
from certify.payments.services import payment_record

REASON = "Only 900 of the hours were in a library."


def _reject(submitted, staff):
    return decisions.application_reject(application=submitted, actor=staff, reason=REASON)


def test_the_navigation_leads_a_rejected_candidate_to_the_reason_and_the_appeal(
    client, submitted, applicant, staff
):
    _reject(submitted, staff)
    client.force_login(applicant)
    page = client.get(reverse("applications:apply")).text  # "Your application" in the menu
    assert "The decision: not accepted" in page
    assert REASON in page
    notice_by = timezone.localdate() + timedelta(days=submitted.program.appeal_notice_days)
    assert (
        f"give notice of appeal by <strong>{notice_by:%B} {notice_by.day}, {notice_by.year}" in page
    )
    assert reverse("applications:appeal_notice", args=[submitted.pk]) in page
    assert "Start my application" in page  # applying again is still offered


def test_after_the_appeal_window_the_page_says_it_ended(client, submitted, applicant, staff):
    _reject(submitted, staff)
    Application.objects.filter(pk=submitted.pk).update(
        decided_at=timezone.now() - timedelta(days=submitted.program.appeal_notice_days + 2)
    )
    client.force_login(applicant)
    for url in (reverse("applications:apply"), submitted.get_absolute_url()):
        page = client.get(url).text
        assert "The time to appeal ended on" in page, url
        assert REASON in page
        assert reverse("applications:appeal_notice", args=[submitted.pk]) not in page, url


def test_the_task_list_row_quotes_the_reason_and_the_deadline(submitted, applicant, staff):
    _reject(submitted, staff)
    row = {t.key: t for t in candidate_tasks(user=applicant)}["apply"]
    assert REASON in row.hint
    assert row.due_label == "Give notice of appeal by"
    assert row.action_url == submitted.get_absolute_url()


def test_once_the_grounds_are_in_the_task_list_says_who_reviews_the_appeal(
    submitted, applicant, staff
):
    """The same words as the appeal pages (a staff member who did not decide), no committee."""
    _reject(submitted, staff)
    submitted.refresh_from_db()
    appeal = application_appeal(application=submitted, actor=applicant)
    appeal_submit_grounds(appeal=appeal, actor=applicant, grounds="The 900 hours were all paid.")
    row = {t.key: t for t in candidate_tasks(user=applicant)}["apply"]
    assert row.hint == "A staff member who did not make the decision reviews your appeal."
    assert row.action_url == submitted.get_absolute_url()
    templates = Path(apps.get_app_config("appeals").path, "templates", "appeals")
    grounds_page = (templates / "grounds.html").read_text()
    assert "A staff member who did not make the decision reviews it." in grounds_page


def test_rejecting_voids_the_unpaid_invoice_in_the_same_transaction(
    client, submitted, applicant, staff
):
    invoice = enrollment_invoice_for(user=applicant, program=submitted.program)
    assert invoice.status == Invoice.Status.OPEN
    _reject(submitted, staff)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.VOID
    note = CreditNote.objects.get(invoice=invoice)
    assert note.created_by is None  # Certify voided it
    assert "not accepted" in note.reason
    assert REASON in note.reason
    client.force_login(applicant)
    page = client.get(invoice.get_absolute_url()).text
    assert "Awaiting payment" not in page
    assert "Void" in page
    tasks = {t.key: t for t in candidate_tasks(user=applicant)}
    assert tasks["pay"].hint == "No fee is due: your application was not accepted."


def test_a_part_paid_invoice_is_refunded_not_voided(submitted, applicant, staff):
    invoice = enrollment_invoice_for(user=applicant, program=submitted.program)
    payment_record(
        invoice=invoice,
        amount=Money(10000),
        method=Payment.Method.CHEQUE,
        reference="Check 7",
        actor=staff,
    )
    _reject(submitted, staff)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.REFUNDED
    assert invoice.refunded_cents == 10000
    assert not CreditNote.objects.exists()
