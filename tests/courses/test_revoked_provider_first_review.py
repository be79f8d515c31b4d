"""Revoking a provider ends its courses' pending first approvals (ADR 0009): each course under its
first review is revoked with it, its unpaid fee voided with a credit note, a paid part refunded
by the staff member who revoked, and the provider is told once, in the revocation's notice."""

import pytest
from django.core import mail

from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import Course
from certify.payments.models import CreditNote, Invoice, Refund
from tests.courses.test_course_fee_holds import _first
from tests.courses.test_renewal_fees import REASON, _fee, _pay
from tests.factories import CourseFactory


def test_a_revoked_providers_first_review_is_revoked_and_its_unpaid_fee_voided(
    provider, provider_user, ct, staff, django_capture_on_commit_callbacks
):
    first = _first(provider, provider_user, ct)
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_approval_revoke(provider=provider, actor=staff, reason=REASON)
    course = Course.objects.get(pk=first.pk)
    assert course.status == Course.Status.REVOKED
    row = course.transitions.latest("id")
    assert (row.from_status, row.to_status, row.actor) == ("submitted", "revoked", staff)
    fee = _fee(course)
    assert fee.status == Invoice.Status.VOID
    note = CreditNote.objects.get(invoice=fee)
    assert "was revoked as a course provider, so “Story Time” will not be evaluated" in (
        note.reason
    )
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    body = " ".join(sent.body.split())
    assert "Story Time was waiting for its first approval: it will not be evaluated" in body
    assert f"Invoice {fee.code} is void (a credit note cancels what was owed)." in body
    # Nothing is left to approve: the course workflow refuses the move from "revoked".
    with pytest.raises(DomainError):
        services.course_approve(course=course, actor=staff)


def test_a_paid_part_is_refunded_and_the_rest_voided(
    provider, provider_user, ct, staff, django_capture_on_commit_callbacks
):
    first = _first(provider, provider_user, ct)
    _pay(_fee(first), staff, cents=4000)
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_approval_revoke(provider=provider, actor=staff, reason=REASON)
    fee = _fee(first)
    assert fee.status == Invoice.Status.VOID
    assert fee.net_paid_cents == 0
    refund = Refund.objects.get(invoice=fee)
    assert (refund.recorded_by, refund.amount_cents) == (staff, 4000)
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert "the $40.00 paid on it is refunded the way it was paid" in " ".join(sent.body.split())


def test_a_fee_paid_in_full_is_refunded(provider, provider_user, ct, staff):
    first = _first(provider, provider_user, ct)
    _pay(_fee(first), staff)
    services.provider_approval_revoke(provider=provider, actor=staff, reason=REASON)
    fee = _fee(first)
    assert fee.status == Invoice.Status.REFUNDED
    assert Refund.objects.get(invoice=fee).amount_cents == fee.paid_cents


def test_a_returned_first_review_ends_too_and_the_provider_is_told_once(
    provider, provider_user, ct, staff, django_capture_on_commit_callbacks
):
    returned = _first(provider, provider_user, ct)
    services.course_return(course=returned, actor=staff, reason="Add the reading list.")
    waiting = _first(provider, provider_user, ct, title="Reference Work")
    draft = CourseFactory(provider=provider, competency_set=ct, title="A draft")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_approval_revoke(provider=provider, actor=staff, reason=REASON)
    assert Course.objects.get(pk=returned.pk).status == Course.Status.REVOKED
    assert Course.objects.get(pk=waiting.pk).status == Course.Status.REVOKED
    assert Course.objects.get(pk=draft.pk).status == Course.Status.DRAFT  # no fee, no review
    assert _fee(returned).status == _fee(waiting).status == Invoice.Status.VOID
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert "Story Time was waiting" in sent.body
    assert "Reference Work was waiting" in sent.body


def test_a_suspension_keeps_the_first_review_and_its_fee(provider, provider_user, ct, staff):
    first = _first(provider, provider_user, ct)
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    assert Course.objects.get(pk=first.pk).status == Course.Status.SUBMITTED
    assert _fee(first).status == Invoice.Status.OPEN
