"""A course renewal's fee when no decision will come (ADR 0009): a revocation voids what was
owed and refunds what was paid, a suspension keeps it for the renewal sent again, and staff
close a returned renewal the provider never sent again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.courses import services
from certify.courses.models import Course
from certify.payments.models import CreditNote, Invoice, Payment, Refund
from certify.payments.services import payment_record
from tests.courses.conftest import approve, enrol, full_map, pdf_upload
from tests.factories import CourseFactory, UserFactory

REASON = "Certificates were issued for sessions never held."


def _renewal(provider, provider_user, cset) -> Course:
    """A course approved almost four years ago, its renewal submitted (fee invoice open)."""
    course = CourseFactory(provider=provider, competency_set=cset, title="Library Desk")
    full_map(course)
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    approve(Course.objects.get(pk=course.pk), on=timezone.localdate() - timedelta(days=1430))
    return services.course_submit(course=Course.objects.get(pk=course.pk), actor=provider_user)


def _pay(invoice, staff, cents=None):
    payment_record(
        invoice=invoice,
        amount=Money(cents) if cents else invoice.balance,
        method=Payment.Method.CHEQUE,
        reference="Check 12",
        actor=staff,
    )


@pytest.fixture
def renewal(provider, provider_user, ct):
    return _renewal(provider, provider_user, ct)


def _fee(course) -> Invoice:
    return Invoice.objects.get(pk=course.fee_invoice_id)


# --- Revocation and suspension -------------------------------------------------------------------


def test_revoking_a_renewal_under_review_voids_its_unpaid_fee_and_tells_the_provider_once(
    renewal, staff, provider_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.course_approval_revoke(course=renewal, actor=staff, reason=REASON)
    fee = _fee(renewal)
    assert fee.status == Invoice.Status.VOID
    note = CreditNote.objects.get(invoice=fee)
    assert "was revoked, so its renewal will not be decided" in note.reason
    assert AuditEvent.objects.filter(verb="invoice.void", actor=staff).exists()
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert f"invoice {fee.code} is void" in sent.body
    assert "refunded" not in sent.body


def test_revoking_refunds_a_renewal_fee_paid_in_full(renewal, staff, provider_user):
    _pay(_fee(renewal), staff)
    services.course_approval_revoke(course=renewal, actor=staff, reason=REASON)
    fee = _fee(renewal)
    assert fee.status == Invoice.Status.REFUNDED
    assert fee.net_paid_cents == 0
    refund = Refund.objects.get(invoice=fee)
    assert (refund.recorded_by, refund.amount_cents) == (staff, fee.paid_cents)
    assert "was revoked" in refund.reason


def test_revoking_voids_a_part_paid_fee_and_refunds_the_part(renewal, staff):
    _pay(_fee(renewal), staff, cents=4000)
    services.course_approval_revoke(course=renewal, actor=staff, reason=REASON)
    fee = _fee(renewal)
    assert fee.status == Invoice.Status.VOID
    assert fee.refund_pending_cents == 0  # nothing left for staff to give back by hand
    assert Refund.objects.get(invoice=fee).amount_cents == 4000


def test_a_suspension_keeps_the_fee_and_the_reinstated_renewal_goes_on_with_it(
    renewal, staff, provider_user, django_capture_on_commit_callbacks
):
    fee = _fee(renewal)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_approval_suspend(course=renewal, actor=staff, reason=REASON)
        back = services.course_approval_reinstate(course=renewal, actor=staff, reason="Cleared.")
    assert back.status == Course.Status.SUBMITTED  # under review again, not waiting on anyone
    assert back.fee_invoice_id == fee.pk
    assert _fee(renewal).status == Invoice.Status.OPEN
    stopped, told = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert f"invoice {fee.code} stays as it is" in stopped.body
    body = " ".join(told.body.split())
    assert "goes on where it was when the approval was suspended" in body
    assert "program staff continue its evaluation" in body
    assert f"invoice {fee.code} serves it (it can be paid again)" in body


def test_suspended_then_revoked_the_fee_ends_then(renewal, staff):
    services.course_approval_suspend(course=renewal, actor=staff, reason=REASON)
    assert _fee(renewal).status == Invoice.Status.OPEN
    services.course_approval_revoke(course=renewal, actor=staff, reason=REASON)
    assert _fee(renewal).status == Invoice.Status.VOID


def test_revoking_after_the_renewal_was_approved_leaves_its_paid_fee_alone(renewal, staff):
    fee = _fee(renewal)
    _pay(fee, staff)
    scores = dict.fromkeys(("coverage", "assessment", "instruction", "currency"), (3, ""))
    services.course_evaluate(course=renewal, actor=staff, scores=scores)
    services.course_approve(course=renewal, actor=staff)
    services.course_approval_revoke(course=renewal, actor=staff, reason=REASON)
    fee.refresh_from_db()
    assert fee.status == Invoice.Status.PAID
    assert not Refund.objects.filter(invoice=fee).exists()


def test_a_first_approvals_fee_is_never_taken_for_a_renewals(course, staff, provider_user):
    """An approval recorded without its invoice (older rows) leaves the fee it was paid with."""
    from certify.payments.api import course_approval_invoice_create

    first = course_approval_invoice_create(
        provider=provider_user,
        program=course.program,
        course_title=course.title,
        actor=provider_user,
        subject=f"course:{course.pk}",
    )
    _pay(first, staff)
    Course.objects.filter(pk=course.pk).update(fee_invoice=first)
    assert not course.approvals.filter(invoice=first).exists()
    services.course_approval_revoke(course=course, actor=staff, reason=REASON)
    first.refresh_from_db()
    assert first.status == Invoice.Status.PAID
    assert not Refund.objects.filter(invoice=first).exists()


def test_a_revoked_provider_ends_each_renewal_fee(provider, provider_user, ct, staff, renewal):
    services.provider_approval_revoke(provider=provider, actor=staff, reason=REASON)
    assert _fee(renewal).status == Invoice.Status.VOID


# --- Closing a returned renewal ------------------------------------------------------------------


@pytest.fixture
def returned(renewal, staff):
    return services.course_return(course=renewal, actor=staff, reason="Update the reading list.")


def test_staff_close_a_returned_renewal_the_approval_runs_on_the_unpaid_fee_is_voided(
    returned, staff, provider_user, django_capture_on_commit_callbacks
):
    ends = Course.objects.get(pk=returned.pk).approval_expires_on
    with django_capture_on_commit_callbacks(execute=True):
        services.course_renewal_close(course=returned, actor=staff, reason="Not sent again.")
    course = Course.objects.get(pk=returned.pk)
    assert (course.status, course.approval_expires_on) == (Course.Status.APPROVED, ends)
    fee = _fee(course)
    assert fee.status == Invoice.Status.VOID
    assert "was closed without a decision: Not sent again." in CreditNote.objects.get().reason
    row = course.transitions.latest("id")
    assert (row.from_status, row.to_status, row.actor) == ("returned", "approved", staff)
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert sent.subject == "Renewal closed: Library Desk"
    assert f"runs until {ends:%B %-d, %Y}" in sent.body
    assert f"Invoice {fee.code} is void" in sent.body
    # The provider may renew again: a new fee for the same renewal number.
    again = services.course_submit(course=course, actor=provider_user)
    assert again.fee_invoice_id != fee.pk
    assert again.fee_invoice.subject == fee.subject


def test_a_fee_paid_in_full_is_kept_for_the_next_renewal(returned, staff, provider_user):
    fee = _fee(returned)
    _pay(fee, staff)
    services.course_renewal_close(course=returned, actor=staff, reason="Not sent again.")
    fee.refresh_from_db()
    assert fee.status == Invoice.Status.PAID
    again = services.course_submit(course=Course.objects.get(pk=returned.pk), actor=provider_user)
    assert again.fee_invoice_id == fee.pk


def test_a_part_payment_is_refunded_on_close(returned, staff):
    _pay(_fee(returned), staff, cents=2500)
    services.course_renewal_close(course=returned, actor=staff, reason="Not sent again.")
    fee = _fee(returned)
    assert fee.status == Invoice.Status.VOID
    assert Refund.objects.get(invoice=fee).amount_cents == 2500


def test_close_needs_a_reason_and_a_returned_renewal(returned, renewal, staff, provider, ct):
    with pytest.raises(DomainError, match="Give your comments") as error:
        services.course_renewal_close(course=returned, actor=staff, reason=" ")
    assert Course.objects.get(pk=returned.pk).status == Course.Status.RETURNED
    first = CourseFactory(provider=provider, competency_set=ct, status=Course.Status.RETURNED)
    with pytest.raises(DomainError, match="never approved: this is its first submission"):
        services.course_renewal_close(course=first, actor=staff, reason="Abandoned.")
    services.course_renewal_close(course=returned, actor=staff, reason="Abandoned.")
    with pytest.raises(DomainError):
        services.course_renewal_close(course=returned, actor=staff, reason="Again.")
    assert error.value.field in ("reason", None)


def test_the_provider_and_its_colleague_on_staff_and_candidates_are_refused(
    returned, provider, provider_user, lsscp
):
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    provider.memberships.create(user=colleague)
    candidate = enrol(lsscp).candidate
    for person in (provider_user, colleague, candidate):
        with pytest.raises(DomainError):
            services.course_renewal_close(course=returned, actor=person, reason="Abandoned.")
    course = Course.objects.get(pk=returned.pk)
    assert course.status == Course.Status.RETURNED
    assert _fee(course).status == Invoice.Status.OPEN


def test_the_staff_page_offers_it_and_keeps_what_was_typed(client, returned, staff):
    client.force_login(staff)
    page = client.get(reverse("courses:staff_course", args=[returned.pk])).text
    assert "Close the returned renewal" in page
    url = reverse("courses:staff_renewal_close", args=[returned.pk])
    refused = client.post(url, {"close-reason": ""})
    assert refused.status_code == 400
    assert "Give your comments" in refused.text
    done = client.post(url, {"close-reason": "Not sent again."}, follow=True)
    assert 'id="id_close-reason"' in page
    assert "The renewal is closed and the approval runs on" in done.text
    assert "Close the returned renewal" not in done.text


def test_the_page_refuses_staff_who_act_for_the_provider(client, returned, provider):
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    provider.memberships.create(user=colleague)
    client.force_login(colleague)
    answer = client.post(
        reverse("courses:staff_renewal_close", args=[returned.pk]), {"close-reason": "Abandoned."}
    )
    assert answer.status_code == 400
    assert "own case" in answer.text
    assert Course.objects.get(pk=returned.pk).status == Course.Status.RETURNED


@pytest.mark.parametrize("role", ["anonymous", "candidate", "provider", "reviewer"])
def test_only_program_staff_reach_the_api_operation(client_as, returned, role):
    answer = client_as(role).post(
        f"/api/v1/staff/courses/{returned.pk}/renewal/close",
        {"reason": "Abandoned."},
        content_type="application/json",
    )
    assert answer.status_code == (401 if role == "anonymous" else 403)
    assert Course.objects.get(pk=returned.pk).status == Course.Status.RETURNED


def test_the_api_closes_it_as_the_page_does(client, returned, staff):
    client.force_login(staff)
    url = f"/api/v1/staff/courses/{returned.pk}/renewal/close"
    answer = client.post(url, {}, content_type="application/json")
    assert answer.status_code == 400
    assert "Give your comments" in answer.text
    answer = client.post(url, {"reason": "Abandoned."}, content_type="application/json")
    assert (answer.status_code, answer.json()["status"]) == (200, "approved")
    assert _fee(returned).status == Invoice.Status.VOID
