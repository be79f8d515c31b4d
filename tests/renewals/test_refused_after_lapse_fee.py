"""What a refusal does to a renewal's paid fee, said where it is decided and where it is read
(ADR 0014): nothing by itself. Staff refund it from the invoice's page if that is right; kept,
the holder's next renewal of the certificate uses it. For a fee that arrived after the
certificate lapsed (a card payment under way as it lapsed), that next renewal can come only once
staff reinstate the certificate, so the holder's words no longer promise a refund that nothing
makes: staff decide it, and the decision page says so before they refuse, with the dates."""

from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from certify.core.money import Money
from certify.notifications.models import Notification, OutgoingEmail
from certify.payments.api import invoice_refund
from certify.payments.models import Invoice
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_decide, renewal_sync
from tests.factories import UserFactory
from tests.renewals.conftest import certificate_per_module
from tests.renewals.steps import pay
from tests.renewals.test_lapsed_renewal_fee import lapsing  # noqa: F401  (a fixture)
from tests.renewals.test_paid_after_lapse_next_steps import (  # noqa: F401  (a fixture)
    AUCKLAND,
    HOUR,
    _flat,
    _long,
    paid_late,
)

program, today, certificate = certificate_per_module()

GENERAL = (
    "The renewal fee is not refunded automatically: program staff decide whether to refund it, "
    "and you will get a receipt if they do."
)


def _staff_words(renewal, lapses_on) -> str:
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    return (
        f"Refusing does not refund the fee: the {invoice.net_paid} paid on invoice "
        f"{invoice.code} on {_long(lapses_on)}, after certificate {renewal.certificate.number} "
        f"lapsed on {_long(lapses_on)}, stays paid, and it pays for nothing while the "
        "certificate is lapsed (reinstated later, the holder's next renewal of it uses it). "
        "Unless you mean to reinstate it, refund the fee from the invoice's page once you have "
        "refused; the holder is told that you decide."
    )


def _holder_words(renewal, lapses_on) -> str:
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    return (
        f"The renewal fee of {invoice.net_paid} arrived on {_long(lapses_on)}, after your last "
        f"day to renew ({_long(lapses_on - timedelta(days=1))}), and this refusal does not "
        "refund it by itself: program staff decide whether to refund it to whoever paid it, "
        "the way it was paid, and you will get a receipt if they do. If they reinstate your "
        "certificate instead, the fee pays for your next renewal of it, and you will not pay it "
        "again."
    )


def _decided(certificate) -> str:
    """The refusal e-mail's text, as the holder reads it."""
    [told] = Notification.objects.filter(recipient=certificate.holder, event="renewal.decided")
    return _flat(OutgoingEmail.objects.get(notification=told).text_body)


def _page(client, renewal) -> str:
    return _flat(unescape(client.get(reverse("renewals:staff_detail", args=[renewal.pk])).text))


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_staff_read_before_refusing_that_a_fee_paid_after_the_lapse_is_not_refunded_by_it(
    client,
    certificate,
    staff_user,
    paid_late,  # noqa: F811
):
    renewal, last_second, lapses_on = paid_late
    words = _staff_words(renewal, lapses_on)
    with time_machine.travel(last_second + HOUR, tick=False):
        client.force_login(staff_user)
        page = _page(client, renewal)
        listed = client.get("/api/v1/staff/renewals?status=in_audit").json()["items"]
    assert 'id="refusal-fee"' in page
    assert words in page
    assert Invoice.objects.get(pk=renewal.invoice_id).get_absolute_url() in page
    [row] = [r for r in listed if r["id"] == renewal.pk]
    assert row["refusal_fee_words"] == words


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_the_refusal_email_says_staff_decide_on_the_fee_paid_after_the_lapse_and_none_is_made(
    certificate,
    staff_user,
    paid_late,  # noqa: F811
):
    renewal, last_second, lapses_on = paid_late
    with time_machine.travel(last_second + HOUR, tick=False):
        renewal = renewal_decide(
            renewal=renewal, actor=staff_user, action="refuse", reason="Too few hours."
        )
    assert renewal.status == Renewal.Status.REFUSED
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    assert (invoice.status, invoice.refunded_cents) == (Invoice.Status.PAID, 0)  # staff decide
    body = _decided(certificate)
    assert _holder_words(renewal, lapses_on) in body
    assert GENERAL not in body
    assert "Too few hours." in body


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_fee_refunded_before_the_refusal_is_said_as_refunded_and_staff_read_nothing_held(
    client,
    certificate,
    staff_user,
    paid_late,  # noqa: F811
):
    renewal, last_second, _ = paid_late
    other = UserFactory(roles=["program_staff"])
    with time_machine.travel(last_second + HOUR, tick=False):
        invoice = Invoice.objects.get(pk=renewal.invoice_id)
        invoice_refund(
            invoice=invoice, amount=invoice.net_paid, reason="Paid too late.", actor=other
        )
        client.force_login(staff_user)
        page = _page(client, renewal)
        renewal_decide(renewal=renewal, actor=staff_user, action="refuse", reason="Lapsed.")
    assert 'id="refusal-fee"' not in page  # nothing held: nothing to say of it
    body = _decided(certificate)
    assert (
        f"The renewal fee on invoice {invoice.code} was refunded before this decision, the way "
        "it was paid: nothing more is owed, and your receipt is in your account." in body
    )
    assert "does not refund it" not in body
    assert GENERAL not in body


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_fee_paid_in_time_keeps_the_general_words_and_staff_read_the_next_renewal_uses_it(
    client,
    certificate,
    staff_user,
    lapsing,  # noqa: F811
):
    renewal, last_second, _ = lapsing
    Renewal.objects.filter(pk=renewal.pk).update(audited=True)
    with time_machine.travel(last_second, tick=False):
        pay(renewal, staff_user)
        renewal = renewal_sync(renewal=renewal)
        other = UserFactory(roles=["program_staff"])
        client.force_login(other)
        page = _page(client, renewal)
        renewal_decide(renewal=renewal, actor=other, action="refuse", reason="No evidence.")
    invoice = Invoice.objects.get(pk=renewal.invoice_id)
    assert (
        f"Refusing does not refund the fee: the {invoice.net_paid} paid on invoice "
        f"{invoice.code} stays paid, and the holder's next renewal of certificate "
        f"{certificate.number} uses it. Refund it from the invoice's page if that is right; the "
        "holder is told that you decide." in page
    )
    assert "pays for nothing" not in page
    body = _decided(certificate)
    assert GENERAL in body
    assert "arrived on" not in body


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_renewal_waiting_for_its_fee_has_no_words_on_the_fee(
    certificate,
    lapsing,  # noqa: F811
):
    from certify.renewals.fee import refusal_fee_words

    renewal, _, _ = lapsing
    assert renewal.status == Renewal.Status.SUBMITTED
    assert refusal_fee_words(renewal=renewal) == ""  # nothing held, and not for staff to refuse
    paid = Invoice.objects.get(pk=renewal.invoice_id)
    assert paid.net_paid_cents == 0
    assert Money(0) == paid.net_paid
