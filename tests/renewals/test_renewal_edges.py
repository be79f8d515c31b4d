"""Edges a holder meets when renewing (ADR 0014): applying on the last day to renew in the
program's zone (and the second after it), a second application while one is open (a double
click, a second tab, the API), and applying again after staff refused a renewal (checked by
staff, not approved by the payment alone)."""

import pytest
import time_machine
from django.urls import reverse

from certify.certificates import dates
from certify.core.errors import DomainError
from certify.payments.models import Invoice
from certify.renewals.models import Renewal
from certify.renewals.selectors import certificate_lifecycle
from certify.renewals.services import renewal_decide, renewal_submit, renewal_sync
from tests.renewals.conftest import certificate_per_module, log
from tests.renewals.steps import pay
from tests.renewals.test_lapsed_renewal_fee import SECOND, ZONES

program, today, certificate = certificate_per_module()


@pytest.fixture
def last_second(certificate, today, request):
    """The certificate's program in the zone `request.param`, the hours logged, and the last
    second of its last day to renew."""
    program = certificate.program
    program.time_zone = request.param
    program.contact_email = "renewals@lsscp.example.org"
    program.save(update_fields=["time_zone", "contact_email"])
    log(certificate.holder, program=program, on=today)
    cycle = certificate_lifecycle(certificate=certificate)
    return dates.valid_until(cycle.grace_ends_on, program), cycle.lapses_on


@pytest.mark.parametrize("last_second", ZONES, indirect=True)
def test_applying_on_the_last_day_to_renew_is_accepted_and_says_until_when_to_pay(
    client, certificate, last_second
):
    moment, _ = last_second
    with time_machine.travel(moment, tick=False):
        client.force_login(certificate.holder)
        applied = client.post(reverse("renewals:apply"), {"program": "lsscp"})
        renewal = Renewal.objects.get(certificate=certificate)
        assert applied.url == renewal.invoice.get_absolute_url()
        page = client.get(reverse("renewals:home")).text
    assert "Pay the renewal fee" in page
    zoned = moment.astimezone(dates.program_zone(certificate.program))
    assert f"Pay it by {zoned:%B} {zoned.day}, {zoned.year}, 11:59 p.m. " in page


@pytest.mark.parametrize("last_second", ZONES, indirect=True)
def test_a_second_later_applying_is_refused_with_what_the_holder_can_do(
    client, certificate, last_second
):
    moment, lapses_on = last_second
    words = (
        f"Your certificate {certificate.number} lapsed on {lapses_on:%B} {lapses_on.day}, "
        f"{lapses_on.year}: it can no longer be renewed without program staff. They can "
        "reinstate it: write to them at renewals@lsscp.example.org, and once they have, you can "
        "apply here."
    )
    with time_machine.travel(moment + SECOND, tick=False):
        with pytest.raises(DomainError) as refused:
            renewal_submit(certificate=certificate, actor=certificate.holder)
        assert refused.value.message == words
        client.force_login(certificate.holder)
        api = client.post("/api/v1/renewals/submit")
        assert api.status_code == 400
        assert api.json()["detail"] == words
    assert not Renewal.objects.filter(certificate=certificate).exists()


def test_a_second_application_while_one_is_open_is_refused_and_invoices_nothing(
    client, certificate, today
):
    log(certificate.holder, program=certificate.program, on=today)
    client.force_login(certificate.holder)
    first = client.post(reverse("renewals:apply"), {"program": "lsscp"})
    assert first.status_code == 302
    again = client.post(reverse("renewals:apply"), {"program": "lsscp"}, follow=True)
    words = "You already applied to renew this certificate (“waiting for the renewal fee”)."
    assert words in again.text
    api = client.post("/api/v1/renewals/submit")
    assert api.status_code == 400
    assert api.json()["detail"] == words
    assert Renewal.objects.filter(certificate=certificate).count() == 1
    assert Invoice.objects.filter(user=certificate.holder, kind=Invoice.Kind.RENEWAL).count() == 1


def test_after_staff_refused_a_renewal_the_next_is_checked_not_renewed_by_paying(
    client, certificate, today, staff_user
):
    """Without this, applying again with the same log was approved at once nine times in ten:
    the fee of the refused renewal, not refunded, paid the new one as it was made."""
    holder = certificate.holder
    certificate.program.renewal_audit_percent = 100
    certificate.program.save(update_fields=["renewal_audit_percent"])
    log(holder, program=certificate.program, on=today)
    first = renewal_submit(certificate=certificate, actor=holder, today=today)
    pay(first, staff_user)
    first = renewal_sync(renewal=first)
    renewal_decide(
        renewal=first, actor=staff_user, action="refuse", reason="The workshop did not happen."
    )
    certificate.program.renewal_audit_percent = 0
    certificate.program.save(update_fields=["renewal_audit_percent"])
    again = renewal_submit(certificate=certificate, actor=holder, today=today)
    assert again.audited
    assert again.checked_after_refusal
    # The fee paid for the refused one, not refunded, is this one's: straight to the check.
    assert again.invoice_id == first.invoice_id
    assert (again.status, again.new_certificate) == (Renewal.Status.IN_AUDIT, None)
    client.force_login(holder)
    page = client.get(reverse("renewals:home")).text
    assert "Program staff refused your earlier renewal of this certificate" in page
    client.force_login(staff_user)
    assert "Checked because staff refused an earlier renewal of this certificate" in (
        client.get(reverse("renewals:staff_detail", args=[again.pk])).text
    )


def test_a_first_renewal_not_drawn_is_not_checked(certificate, today):
    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    assert not renewal.audited
    assert not renewal.checked_after_refusal
