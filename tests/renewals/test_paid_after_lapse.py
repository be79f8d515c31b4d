"""A renewal whose fee was paid after its certificate lapsed (a card payment under way as it
lapsed) waits in the evidence checks, and staff cannot approve it until they reinstate the
certificate (ADR 0014): the decision page says so in place of "Approve", with the way to
reinstate it, and the service and the API refuse the approval in the same words. Refusing it
needs no reinstatement. A renewal paid in time and decided after the last day is approved as
before. The holder's API says, as the renewal page does, whether the fee can be paid now and
why not (`fee_payable`, `fee_refused_because`, `fee_pay_by`)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from certify.certificates.api import expiry_date
from certify.certificates.models import Certificate
from certify.certificates.services import certificate_suspend
from certify.core.errors import DomainError
from certify.renewals.models import Renewal
from certify.renewals.services import certificate_reinstate_lapsed, renewal_decide, renewal_sync
from tests.payments.conftest import card_paid
from tests.renewals.conftest import certificate_per_module
from tests.renewals.steps import pay
from tests.renewals.test_lapsed_renewal_fee import (  # noqa: F401  (a fixture)
    SECOND,
    _holder_words,
    lapsing,
)
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()
AUCKLAND = ["Pacific/Auckland"]
HOUR = timedelta(hours=1)


def _long(day):
    return f"{day:%B} {day.day}, {day.year}"


@pytest.fixture
def paid_late(lapsing, certificate):  # noqa: F811
    """The renewal's fee paid by card one second after the last day to renew: in the evidence
    checks. With the first day it had lapsed (and was paid)."""
    renewal, last_second, lapses_on = lapsing
    with time_machine.travel(last_second + SECOND, tick=False):
        card_paid(renewal.invoice, intent="pi_late")
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    return renewal, last_second, lapses_on


def _staff_words(certificate, lapses_on):
    return (
        f"Certificate {certificate.number} lapsed on {_long(lapses_on)}, and the fee of this "
        f"renewal was paid on {_long(lapses_on)}, after that: a lapsed certificate is not "
        "renewed without staff reinstating it. Reinstate it first (with a new last day to "
        "renew), then approve this renewal; or refuse it with a reason and refund the fee."
    )


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_staff_cannot_approve_it_until_they_reinstate_the_certificate(
    client, certificate, staff_user, paid_late
):
    renewal, last_second, lapses_on = paid_late
    words = _staff_words(certificate, lapses_on)
    with time_machine.travel(last_second + HOUR, tick=False):
        with pytest.raises(DomainError) as refused:
            renewal_decide(renewal=renewal, actor=staff_user, action="approve")
        assert refused.value.message == words
        client.force_login(staff_user)
        page = client.get(reverse("renewals:staff_detail", args=[renewal.pk])).text
        assert words in page
        assert 'value="approve"' not in page  # only what can be done is offered
        assert 'value="refuse"' in page
        assert reverse("renewals:staff_reinstate", args=[certificate.pk]) in page
        posted = client.post(
            reverse("renewals:staff_decide", args=[renewal.pk]), {"action": "approve"}
        )
        assert posted.status_code == 400
        assert words in posted.text
        api = client.post(
            f"/api/v1/staff/renewals/{renewal.pk}/decision",
            {"action": "approve"},
            content_type="application/json",
        )
        assert api.status_code == 400
        assert api.json()["detail"] == words
    renewal.refresh_from_db()
    assert (renewal.status, renewal.new_certificate) == (Renewal.Status.IN_AUDIT, None)
    assert Certificate.objects.filter(holder=certificate.holder).count() == 1


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider"])
def test_other_roles_are_refused_before_the_lapse_is_read(client_as, paid_late, role):
    renewal, last_second, _ = paid_late
    with time_machine.travel(last_second + HOUR, tick=False):
        client = client_as(role)
        api = client.post(
            f"/api/v1/staff/renewals/{renewal.pk}/decision",
            {"action": "approve"},
            content_type="application/json",
        )
        page = client.post(reverse("renewals:staff_decide", args=[renewal.pk]), {})
    assert (api.status_code, page.status_code) == (403, 403)
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.IN_AUDIT


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_the_holder_cannot_approve_their_own(client, certificate, paid_late):
    renewal, last_second, _ = paid_late
    with time_machine.travel(last_second + HOUR, tick=False):
        with pytest.raises(DomainError, match="not allowed"):
            renewal_decide(renewal=renewal, actor=certificate.holder, action="approve")
        client.force_login(certificate.holder)
        api = client.post(
            f"/api/v1/staff/renewals/{renewal.pk}/decision",
            {"action": "approve"},
            content_type="application/json",
        )
    assert api.status_code == 403


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_once_reinstated_staff_approve_it_and_the_new_period_follows_on(
    client, certificate, staff_user, paid_late
):
    renewal, last_second, lapses_on = paid_late
    with time_machine.travel(last_second + HOUR, tick=False):
        certificate_reinstate_lapsed(
            certificate=certificate,
            actor=staff_user,
            reason="The card payment was started on the last day.",
            renew_by=lapses_on + timedelta(days=30),
        )
        client.force_login(staff_user)
        page = client.get(reverse("renewals:staff_detail", args=[renewal.pk])).text
        assert 'value="approve"' in page
        assert "is not renewed without staff reinstating it" not in page
        renewal = renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert renewal.status == Renewal.Status.APPROVED
    assert renewal.new_certificate.expires_on == expiry_date(
        issued_on=certificate.expires_on,
        validity_years=certificate.program.certificate_validity_years,
    )


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_staff_refuse_it_without_reinstating(certificate, staff_user, paid_late):
    renewal, last_second, _ = paid_late
    with time_machine.travel(last_second + HOUR, tick=False):
        renewal = renewal_decide(
            renewal=renewal,
            actor=staff_user,
            action="refuse",
            reason="Paid after the certificate lapsed; the fee is refunded.",
        )
    assert renewal.status == Renewal.Status.REFUSED


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_renewal_paid_in_time_is_approved_after_the_last_day(
    certificate,
    staff_user,
    lapsing,  # noqa: F811
):
    """Drawn for the evidence check and paid on the last day; staff decide a week later."""
    renewal, last_second, _ = lapsing
    Renewal.objects.filter(pk=renewal.pk).update(audited=True)
    with time_machine.travel(last_second, tick=False):
        pay(renewal, staff_user)
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    with time_machine.travel(last_second + 7 * 24 * HOUR, tick=False):
        renewal = renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert renewal.status == Renewal.Status.APPROVED


def _api_renewal(client):
    answer = client.get("/api/v1/renewals/status")
    assert answer.status_code == 200, answer.text
    return answer.json()["renewal"]


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_the_holders_api_says_whether_the_fee_can_be_paid_as_the_page_does(
    client,
    certificate,
    lapsing,  # noqa: F811
):
    _, last_second, lapses_on = lapsing
    with time_machine.travel(last_second, tick=False):
        client.force_login(certificate.holder)
        payable = _api_renewal(client)
        page = client.get(reverse("renewals:home")).text
    assert (payable["fee_payable"], payable["fee_refused_because"]) == (True, "")
    assert payable["fee_pay_by"] == last_second.isoformat()
    pay_by = last_second.astimezone(ZoneInfo("Pacific/Auckland"))
    assert f"Pay it by {_long(pay_by)}, 11:59 p.m. NZ" in page
    with time_machine.travel(last_second + SECOND, tick=False):
        client.force_login(certificate.holder)
        lapsed = _api_renewal(client)
        page = client.get(reverse("renewals:home")).text
    words = _holder_words(certificate, lapses_on)
    assert lapsed["fee_payable"] is False
    assert lapsed["fee_pay_by"] is None
    assert lapsed["fee_refused_because"] == words
    assert words in page


def test_the_api_says_a_suspended_certificates_fee_is_refused(
    client, certificate, today, staff_user
):
    _submitted(certificate, today)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    client.force_login(certificate.holder)
    renewal = _api_renewal(client)
    assert renewal["fee_payable"] is False
    assert renewal["fee_refused_because"] == (
        f"We cannot take the renewal fee now: your certificate {certificate.number} is "
        "suspended, and a suspended certificate cannot be renewed. Nothing was charged. You can "
        "pay once program staff reinstate it."
    )
    assert renewal["fee_refused_because"] in client.get(reverse("renewals:home")).text


def test_nothing_to_pay_is_neither_payable_nor_refused(client, certificate, today, staff_user):
    """Paid and in the evidence check: the API says nothing is to pay, and why nothing."""
    renewal = _submitted(certificate, today, audited=True)
    pay(renewal, staff_user)
    renewal_sync(renewal=renewal)
    client.force_login(certificate.holder)
    answer = _api_renewal(client)
    assert answer["status"] == "in_audit"
    assert (answer["fee_payable"], answer["fee_refused_because"], answer["fee_pay_by"]) == (
        False,
        "",
        None,
    )
