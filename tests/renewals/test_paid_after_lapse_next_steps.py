"""A renewal whose fee arrived after its certificate lapsed (a card payment under way as it
lapsed) cannot be approved until staff reinstate the certificate (ADR 0014). The holder is told
so, with what happens to the fee, on the renewal page, in the lapse notice and in the API
(`lapsed_next_step`), not that "staff decide it" as for a fee paid in time. Staff reinstating
it read that the renewal is waiting and the holder need not apply again, and the holder's
reinstatement e-mail says the same instead of asking them to apply."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certify.notifications.models import Notification
from certify.renewals.models import Renewal
from certify.renewals.services import (
    certificate_reinstate_lapsed,
    reminders_send,
    renewal_decide,
    renewal_sync,
)
from tests.renewals.conftest import certificate_per_module
from tests.renewals.steps import pay
from tests.renewals.test_lapsed_renewal_fee import (  # noqa: F401  (a fixture)
    SECOND,
    lapsing,
)
from tests.renewals.test_paid_after_lapse import _long, paid_late  # noqa: F401  (a fixture)

program, today, certificate = certificate_per_module()
AUCKLAND = ["Pacific/Auckland"]
HOUR = timedelta(hours=1)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _late_words(certificate, lapses_on) -> str:
    last_day = lapses_on - timedelta(days=1)
    return (
        f"Your renewal fee arrived on {_long(lapses_on)}, after your last day to renew "
        f"({_long(last_day)}), so program staff cannot approve the renewal as it stands: a "
        "lapsed certificate is renewed only once they reinstate it. They decide, and we will "
        "tell you when they have: either they reinstate your certificate and approve the "
        "renewal, the fee you paid pays for it and your new certificate follows on from "
        f"{_long(certificate.expires_on)}; or they refuse the renewal, and a refusal does not "
        "refund the fee by itself: program staff decide whether to refund it to whoever paid "
        "it, the way it was paid, and you will get a receipt if they do. You need not apply or "
        "pay again."
    )


def _notice(certificate) -> Notification:
    [notice] = Notification.objects.filter(recipient=certificate.holder, event="certificate.lapsed")
    return notice


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_the_lapse_notice_page_and_api_say_staff_reinstate_first_and_what_becomes_of_the_fee(
    client,
    certificate,
    paid_late,  # noqa: F811  (the fixture)
):
    _, last_second, lapses_on = paid_late
    words = _late_words(certificate, lapses_on)
    with time_machine.travel(last_second + HOUR, tick=False):
        assert reminders_send(today=timezone.localdate()) == (0, 1)
        client.force_login(certificate.holder)
        page = client.get(reverse("renewals:home")).text
        api = client.get("/api/v1/renewals/status").json()["renewal"]
    body = _flat(_notice(certificate).body)
    assert words in body
    assert "If they approve it" not in body  # they cannot, as it stands
    assert 'id="renewal-lapsed-with-staff"' in page
    assert words in _flat(page)
    assert "Program staff may reopen renewal for you" not in page
    assert api["lapsed_next_step"] == words


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_fee_paid_in_time_keeps_the_staff_decide_it_words(
    client,
    certificate,
    staff_user,
    lapsing,  # noqa: F811
):
    renewal, last_second, _ = lapsing
    Renewal.objects.filter(pk=renewal.pk).update(audited=True)
    with time_machine.travel(last_second, tick=False):
        pay(renewal, staff_user)
        renewal_sync(renewal=renewal)
        client.force_login(certificate.holder)
        before = client.get("/api/v1/renewals/status").json()["renewal"]
    words = (
        "Your renewal is still open: program staff decide it, and we will tell you when they "
        f"have. If they approve it, your new certificate follows on from "
        f"{_long(certificate.expires_on)}."
    )
    with time_machine.travel(last_second + HOUR, tick=False):
        assert reminders_send(today=timezone.localdate()) == (0, 1)
        api = client.get("/api/v1/renewals/status").json()["renewal"]
        page = _flat(client.get(reverse("renewals:home")).text)
    assert before["lapsed_next_step"] == ""  # not lapsed yet: nothing to say
    assert api["lapsed_next_step"] == words
    assert words in _flat(_notice(certificate).body)
    assert words in page
    assert "cannot approve" not in page


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_staff_reinstating_read_that_the_renewal_waits_and_the_holder_need_not_apply(
    client,
    certificate,
    staff_user,
    paid_late,  # noqa: F811  (the fixture)
):
    renewal, last_second, lapses_on = paid_late
    with time_machine.travel(last_second + HOUR, tick=False):
        client.force_login(staff_user)
        page = _flat(client.get(reverse("renewals:staff_reinstate", args=[certificate.pk])).text)
        assert 'id="reinstate-renewal-open"' in page
        assert (
            f"its fee was paid on {_long(lapses_on)}, after the certificate lapsed, so it cannot "
            "be approved until you reinstate the certificate" in page
        )
        assert reverse("renewals:staff_detail", args=[renewal.pk]) in page
        assert "applies as usual" not in page
        certificate_reinstate_lapsed(
            certificate=certificate,
            actor=staff_user,
            reason="The card payment was started on the last day.",
            renew_by=lapses_on + timedelta(days=30),
        )
        [told] = Notification.objects.filter(
            recipient=certificate.holder, event="renewal.reinstated"
        )
        renewal = renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert renewal.status == Renewal.Status.APPROVED
    body = _flat(told.body)
    assert told.title == f"Your renewal of certificate {certificate.number} can go on"
    assert "its fee is paid, so you need not apply or pay again: program staff can now" in body
    assert "Apply to renew by" not in body
    assert "record your continuing education" not in body


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_reinstated_with_the_fee_still_owed_the_holder_is_told_to_pay_not_to_apply(
    certificate,
    staff_user,
    lapsing,  # noqa: F811
):
    _, last_second, lapses_on = lapsing
    renew_by = lapses_on + timedelta(days=30)
    with time_machine.travel(last_second + HOUR, tick=False):
        certificate_reinstate_lapsed(
            certificate=certificate, actor=staff_user, reason="Illness.", renew_by=renew_by
        )
    [told] = Notification.objects.filter(recipient=certificate.holder, event="renewal.reinstated")
    body = _flat(told.body)
    assert f"pay it from your renewal page by {_long(renew_by)}" in body
    assert "you need not apply again" in body
    assert "Apply to renew by" not in body


# --- The fee received: what the holder reads next ---------------------------------------------


def _told(certificate, event: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=certificate.holder, event=event))


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_fee_paid_after_the_lapse_tells_the_holder_at_once_what_staff_do(
    certificate,
    paid_late,  # noqa: F811  (the fixture)
):
    _, _, lapses_on = paid_late
    [told] = _told(certificate, "renewal.checking")
    assert _late_words(certificate, lapses_on) in _flat(told.body)
    assert told.title == f"Your renewal of certificate {certificate.number} waits for program staff"


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_fee_paid_for_a_renewal_chosen_for_a_check_says_so_and_once(
    certificate,
    staff_user,
    lapsing,  # noqa: F811
):
    renewal, last_second, _ = lapsing
    Renewal.objects.filter(pk=renewal.pk).update(audited=True, audit_roll=0, audit_percent=10)
    with time_machine.travel(last_second, tick=False):
        pay(renewal, staff_user)
        renewal_sync(renewal=renewal)
        renewal_sync(renewal=renewal)
    [told] = _told(certificate, "renewal.checking")
    assert "Your renewal was chosen at random for a check of its evidence" in _flat(told.body)
    assert "You need do nothing now" in _flat(told.body)


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_a_renewal_approved_on_payment_is_announced_as_a_renewal(
    certificate,
    staff_user,
    lapsing,  # noqa: F811
):
    renewal, last_second, _ = lapsing
    with time_machine.travel(last_second, tick=False):
        pay(renewal, staff_user)
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.APPROVED
    assert _told(certificate, "renewal.checking") == []
    issued = _told(certificate, "certificate.issued")[0]  # the newest: the first was its issue
    assert issued.title == f"Your {certificate.program.short_name} certificate is renewed"
    body = _flat(issued.body)
    assert f"replaces certificate {certificate.number}" in body
    assert renewal.new_certificate.number in body
    assert "completed every competency set" not in body
