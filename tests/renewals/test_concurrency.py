"""Exactly one new certificate when the paid renewal is moved on at the same moment twice; a
revocation and the fee's check at the same moment leave one consistent outcome."""

import threading
import time
from datetime import datetime
from datetime import time as clock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from certify.certificates.models import Certificate
from certify.certificates.services import certificate_revoke
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.notifications.models import Notification, OutgoingEmail
from certify.payments.models import CreditNote, Invoice
from certify.payments.services import invoice_refund, invoices, payment_record
from certify.programs.days import program_zone
from certify.renewals.models import Renewal
from certify.renewals.selectors import certificate_lifecycle
from certify.renewals.services import renewal_decide, renewal_submit, renewal_sync
from tests.factories import UserFactory
from tests.payments.test_concurrency import at_once
from tests.renewals.conftest import in_window, log

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_syncs_at_once_issue_one_new_certificate(program):
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=renewal.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )

    def sync():
        return renewal_sync(renewal=Renewal.objects.get(pk=renewal.pk)).new_certificate_id

    results, errors = at_once(*[sync] * 4)
    assert errors == []
    assert len(set(results)) == 1
    assert Certificate.objects.filter(holder=certificate.holder).count() == 2
    assert Certificate.objects.get(pk=certificate.pk).status == "replaced"


def test_a_revocation_and_a_check_at_the_same_moment_never_leave_money_on_a_closed_renewal(
    program,
):
    """Staff revoke the certificate while another records the renewal fee's check: either the
    check is first (the invoice paid, the renewal kept for staff to refuse and refund) or the
    revocation is (the invoice void, the renewal closed, the check refused); never both."""
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    staff, other = UserFactory(roles=["program_staff"]), UserFactory(roles=["program_staff"])

    def revoke():
        return certificate_revoke(
            certificate=Certificate.objects.get(pk=certificate.pk), actor=staff, reason="Forged."
        )

    def check():
        return payment_record(
            invoice=Invoice.objects.get(pk=renewal.invoice_id),
            amount=Money(15000),
            method="cheque",
            reference="C",
            actor=other,
        )

    _, errors = at_once(revoke, check)
    assert all(isinstance(error, DomainError) for error in errors), errors
    renewal.refresh_from_db()
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.REVOKED
    if errors:  # the revocation came first
        assert (invoice.status, invoice.paid_cents) == (Invoice.Status.VOID, 0)
        assert renewal.status == Renewal.Status.REFUSED
    else:
        assert invoice.status == Invoice.Status.PAID
        assert not CreditNote.objects.filter(invoice=invoice).exists()
        assert renewal_sync(renewal=renewal).status == Renewal.Status.IN_AUDIT


def test_a_part_payment_recorded_while_the_certificate_is_revoked_is_refund_pending(program):
    """A check for part of the fee is being recorded (the invoice locked, not yet committed) as
    staff revoke the certificate: the revocation waits for the invoice's lock, then counts the
    check. The renewal is closed all the same and the check's money is held, refund pending,
    never left on a renewal that stays open."""
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    staff, other = UserFactory(roles=["program_staff"]), UserFactory(roles=["program_staff"])
    recorded, revoking = threading.Event(), threading.Event()

    def check():
        with transaction.atomic():
            payment_record(
                invoice=Invoice.objects.get(pk=renewal.invoice_id),
                amount=Money(5000),
                method="cheque",
                reference="C",
                actor=other,
            )
            recorded.set()
            revoking.wait(timeout=10)
            time.sleep(0.5)  # the revocation is now waiting for the invoice's lock

    def revoke():
        recorded.wait(timeout=10)
        revoking.set()
        return certificate_revoke(
            certificate=Certificate.objects.get(pk=certificate.pk), actor=staff, reason="Forged."
        )

    _, errors = at_once(check, revoke)
    assert errors == []
    renewal.refresh_from_db()
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    assert renewal.status == Renewal.Status.REFUSED
    assert (invoice.status, invoice.refund_pending_cents) == (Invoice.Status.VOID, 5000)
    assert CreditNote.objects.get(invoice=invoice).amount_cents == invoice.total_cents - 5000


def test_a_refund_while_the_next_renewal_takes_the_fee_never_leaves_it_on_a_refunded_invoice(
    program, monkeypatch
):
    """The holder applies again while staff refund the refused renewal's fee: the application
    found the paid invoice before the refund committed. Taken under its lock and read again, it
    is no longer live, so the new renewal gets an invoice of its own; without the lock it would
    go on with the refunded one (approved with nothing paid)."""
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    staff = UserFactory(roles=["program_staff"])
    program.renewal_audit_percent = 100  # staff check it, and refuse it
    program.save(update_fields=["renewal_audit_percent"])
    first = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    payment_record(
        invoice=first.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )
    first = renewal_sync(renewal=Renewal.objects.get(pk=first.pk))
    renewal_decide(renewal=first, actor=staff, action="refuse", reason="No evidence.")
    found, refunded = threading.Event(), threading.Event()
    live_invoice = invoices._live_invoice

    def found_then_wait(**kwargs):
        invoice = live_invoice(**kwargs)
        found.set()
        refunded.wait(timeout=10)  # the refund commits between the read and the lock
        return invoice

    monkeypatch.setattr(invoices, "_live_invoice", found_then_wait)
    outcome: list[object] = []

    def apply():
        try:
            outcome.append(
                renewal_submit(
                    certificate=Certificate.objects.get(pk=certificate.pk),
                    actor=certificate.holder,
                    today=today,
                )
            )
        except BaseException as error:  # reported by the assertion below
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=apply)
    thread.start()
    assert found.wait(timeout=10)
    paid = Invoice.objects.get(pk=first.invoice_id)
    invoice_refund(invoice=paid, amount=Money(15000), reason="Refused renewal", actor=staff)
    refunded.set()
    thread.join(timeout=30)
    [again] = outcome
    assert isinstance(again, Renewal), again
    assert Invoice.objects.get(pk=first.invoice_id).status == Invoice.Status.REFUNDED
    assert again.invoice_id != first.invoice_id
    assert Invoice.objects.get(pk=again.invoice_id).status == Invoice.Status.OPEN


def test_a_refusal_waits_for_a_refund_under_way_and_says_the_fee_was_refunded(program):
    """Staff refund the fee of a renewal paid after its certificate lapsed while another refuses
    the renewal: the refusal reads the invoice under its lock (after the certificate's and the
    renewal's, ADR 0071), so it waits for the refund and tells the holder the fee was refunded,
    not that staff will decide on it. Read without the lock, it said the fee was still held."""
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    staff, other = UserFactory(roles=["program_staff"]), UserFactory(roles=["program_staff"])
    program.renewal_audit_percent = 100  # staff check it
    program.save(update_fields=["renewal_audit_percent"])
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    payment_record(
        invoice=renewal.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )
    renewal = renewal_sync(renewal=Renewal.objects.get(pk=renewal.pk))
    assert renewal.status == Renewal.Status.IN_AUDIT
    lapses_on = certificate_lifecycle(certificate=certificate).lapses_on
    settled = timezone.make_aware(datetime.combine(lapses_on, clock(12)), program_zone(program))
    Invoice.objects.filter(pk=renewal.invoice_id).update(settled_at=settled)  # paid late
    locked, release = threading.Event(), threading.Event()

    def refund():
        try:
            with transaction.atomic():
                invoice_refund(
                    invoice=Invoice.objects.get(pk=renewal.invoice_id),
                    amount=Money(15000),
                    reason="Paid after the lapse.",
                    actor=other,
                )
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    refunding = threading.Thread(target=refund)
    refunding.start()
    assert locked.wait(timeout=10)
    outcome: list[object] = []

    def refuse():
        try:
            outcome.append(
                renewal_decide(
                    renewal=Renewal.objects.get(pk=renewal.pk),
                    actor=staff,
                    action="refuse",
                    reason="Lapsed.",
                )
            )
        except BaseException as error:  # reported by the assertion below
            outcome.append(error)
        finally:
            connection.close()

    refusing = threading.Thread(target=refuse)
    refusing.start()
    time.sleep(0.5)
    assert refusing.is_alive()  # waits for the invoice's lock
    release.set()
    refunding.join(timeout=30)
    refusing.join(timeout=30)
    [refused] = outcome
    assert isinstance(refused, Renewal), refused
    assert Invoice.objects.get(pk=renewal.invoice_id).status == Invoice.Status.REFUNDED
    [told] = Notification.objects.filter(recipient=certificate.holder, event="renewal.decided")
    text = " ".join(OutgoingEmail.objects.get(notification=told).text_body.split())
    assert "was refunded before this decision" in text
    assert "does not refund it by itself" not in text
