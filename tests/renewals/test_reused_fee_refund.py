"""A refused renewal's fee is not refunded automatically, so the holder's next renewal of the
certificate uses the same paid invoice as its fee. While that renewal is open, staff may not
refund the fee (it would be approved with nothing paid: money paid once, spent twice): the
refund's confirmation page, the refund and the API refuse it in words that say why and what to
do instead, and nothing is written. Once that renewal is decided, the fee can be refunded
(ADR 0014)."""

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.payments.models import Invoice, Refund
from certify.payments.services import invoice_refund, refund_check
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_decide, renewal_submit, renewal_sync
from tests.renewals.conftest import certificate_per_module, log
from tests.renewals.steps import pay

program, today, certificate = certificate_per_module()

REASON = "The workshop did not happen."


def _long(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@pytest.fixture
def reused(certificate, today, staff_user):
    """The first renewal paid by check and refused; the next applied for, on the same invoice
    and in the evidence check."""
    holder = certificate.holder
    certificate.program.renewal_audit_percent = 100
    certificate.program.save(update_fields=["renewal_audit_percent"])
    log(holder, program=certificate.program, on=today)
    first = renewal_submit(certificate=certificate, actor=holder, today=today)
    pay(first, staff_user)
    first = renewal_sync(renewal=first)
    renewal_decide(renewal=first, actor=staff_user, action="refuse", reason=REASON)
    again = renewal_submit(certificate=certificate, actor=holder, today=today)
    assert again.invoice_id == first.invoice_id
    assert again.status == Renewal.Status.IN_AUDIT
    return first, again


def _words(invoice, certificate, today) -> str:
    return (
        f"Invoice {invoice.code} cannot be refunded now: its payment was the fee of the renewal "
        f"of certificate {certificate.number} applied for on {_long(today)}, which staff "
        f"refused, and the renewal applied for on {_long(today)} uses the same payment as its "
        "fee and is still open (“Evidence being checked by staff”). Refunded now, that renewal "
        "would be approved with nothing paid. Decide it first: refuse it with a reason, then "
        "refund the fee; or approve it, and the fee pays for it."
    )


def test_the_fee_the_next_renewal_uses_is_not_refunded_by_the_service(
    reused, certificate, today, staff_user
):
    first, _again = reused
    invoice = Invoice.objects.get(pk=first.invoice_id)
    before = Invoice.objects.filter(pk=invoice.pk).values().get()
    with pytest.raises(DomainError) as refused:
        invoice_refund(
            invoice=invoice,
            amount=Money(invoice.net_paid_cents, invoice.currency),
            reason="Refused renewal",
            actor=staff_user,
        )
    assert refused.value.message == _words(invoice, certificate, today)
    assert Invoice.objects.filter(pk=invoice.pk).values().get() == before
    assert not Refund.objects.exists()


def test_the_page_and_the_api_refuse_it_with_the_same_words(
    client, reused, certificate, today, staff_user
):
    first, _again = reused
    invoice = Invoice.objects.get(pk=first.invoice_id)
    words = _words(invoice, certificate, today)
    client.force_login(staff_user)
    typed = {"amount": "150", "reason": "Refused renewal", "reference": ""}
    confirm = client.get(reverse("payments:refund_confirm", args=[invoice.code]), typed)
    assert confirm.status_code == 400
    assert words in confirm.text
    create = client.post(
        reverse("payments:refund_create", args=[invoice.code]),
        {**typed, "refundable_seen": str(invoice.net_paid_cents)},
    )
    assert create.status_code == 400
    assert words in create.text
    api = client.post(
        f"/api/v1/staff/payments/invoices/{invoice.code}/refunds",
        {"amount_cents": invoice.net_paid_cents, "reason": "Refused renewal"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["detail"] == words
    assert not Refund.objects.exists()


def test_once_the_next_renewal_is_refused_the_fee_can_be_refunded(reused, staff_user):
    first, again = reused
    renewal_decide(renewal=again, actor=staff_user, action="refuse", reason=REASON)
    invoice = Invoice.objects.get(pk=first.invoice_id)
    refunds = invoice_refund(
        invoice=invoice,
        amount=Money(invoice.net_paid_cents, invoice.currency),
        reason="Both renewals refused",
        actor=staff_user,
    )
    assert sum(r.amount_cents for r in refunds) == invoice.net_paid_cents
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.REFUNDED


def test_a_paid_renewal_being_checked_on_its_own_fee_is_refunded_as_before(
    certificate, today, staff_user
):
    """The rule is about a fee two renewals use; one renewal's own fee is staff's to refund
    (e.g. a suspended certificate's, ADR 0014)."""
    certificate.program.renewal_audit_percent = 100
    certificate.program.save(update_fields=["renewal_audit_percent"])
    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    amount = Money(invoice.net_paid_cents, invoice.currency)
    assert refund_check(invoice=invoice, amount=amount, reason="Asked", actor=staff_user) == amount


def test_a_renewal_whose_own_fee_was_refunded_is_not_approved_with_nothing_paid(
    client, certificate, today, staff_user
):
    """Staff may refund a renewal's own fee while it waits for them; it is then not approved
    (the new certificate would be issued with nothing paid): the service, the decision page and
    the staff API say why, and refusing it is still offered."""
    certificate.program.renewal_audit_percent = 100
    certificate.program.save(update_fields=["renewal_audit_percent"])
    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    invoice_refund(
        invoice=invoice,
        amount=Money(invoice.net_paid_cents, invoice.currency),
        reason="Asked",
        actor=staff_user,
    )
    words = (
        f"The fee of this renewal (invoice {invoice.code}) was refunded: it cannot be approved "
        "with nothing paid. Refuse it with a reason; the holder can then apply to renew again "
        "and pay the fee."
    )
    with pytest.raises(DomainError) as refused:
        renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert refused.value.message == words
    renewal.refresh_from_db()
    assert (renewal.status, renewal.new_certificate_id) == (Renewal.Status.IN_AUDIT, None)
    client.force_login(staff_user)
    page = client.get(reverse("renewals:staff_detail", args=[renewal.pk]))
    assert words in page.text
    listed = client.get("/api/v1/staff/renewals").json()["items"]
    assert [r["approval_refused_because"] for r in listed if r["id"] == renewal.pk] == [words]
    renewal_decide(renewal=renewal, actor=staff_user, action="refuse", reason=REASON)
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.REFUSED
