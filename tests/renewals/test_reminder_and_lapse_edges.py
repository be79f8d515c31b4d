"""The edges of the renewal cycle as the holder and the public meet them.

Reminders: none for a certificate staff revoked or suspended, none once it was renewed or its
renewal is paid or with staff; a renewal still waiting for its fee (a card that failed, a fee
never paid) keeps the reminders coming, and they say the fee is owed: before, applying stopped
every reminder and the lapse notice, so a holder whose payment failed heard nothing until the
certificate had lapsed.

The public page and the API at the program's midnights: valid through the expiry day, "Expired"
from the next second through the last day to renew, "Lapsed" from the second after."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from certify.certificates import dates
from certify.certificates.services import certificate_revoke, certificate_suspend
from certify.notifications.models import Notification
from certify.renewals.lifecycle import Phase, add_months
from certify.renewals.models import Renewal
from certify.renewals.selectors import certificate_lifecycle
from certify.renewals.services import reminders_send, renewal_submit, renewal_sync
from tests.renewals.conftest import (
    certificate_per_module,
    holder_with_certificate,
    log,
)
from tests.renewals.steps import pay

program, today, certificate = certificate_per_module()


def sent(certificate, event="renewal.reminder"):
    return list(
        Notification.objects.filter(recipient=certificate.holder, event=event)
        .order_by("id")
        .values_list("dedupe_key", flat=True)
    )


def reminder(certificate):
    return Notification.objects.get(recipient=certificate.holder, event="renewal.reminder")


def three_months_before(certificate):
    return add_months(certificate.expires_on, -3)


def lapse_day(certificate, program):
    return add_months(certificate.expires_on, program.renewal_grace_months) + timedelta(days=1)


def submitted(certificate, today, *, audited=False):
    if audited:
        certificate.program.renewal_audit_percent = 100
        certificate.program.save(update_fields=["renewal_audit_percent"])
    log(certificate.holder, program=certificate.program, on=today)
    return renewal_submit(certificate=certificate, actor=certificate.holder, today=today)


@pytest.mark.parametrize("stop", [certificate_revoke, certificate_suspend])
def test_a_revoked_or_suspended_certificate_gets_no_reminder_and_no_lapse_notice(
    certificate, program, staff_user, stop
):
    stop(certificate=certificate, actor=staff_user, reason="Misrepresented the portfolio.")
    reminders_send(today=three_months_before(certificate))
    reminders_send(today=certificate.expires_on)
    reminders_send(today=lapse_day(certificate, program))
    assert sent(certificate) == []
    assert sent(certificate, "certificate.lapsed") == []


def test_a_renewed_certificate_gets_no_more_reminders(certificate, program, today, staff_user):
    renewal = submitted(certificate, today)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)  # what the fee's `invoice.paid` event does
    assert renewal.status == Renewal.Status.APPROVED
    reminders_send(today=three_months_before(certificate))
    reminders_send(today=add_months(certificate.expires_on, -1))
    reminders_send(today=lapse_day(certificate, program))
    assert sent(certificate) == []  # the new certificate's first milestone is years away
    assert sent(certificate, "certificate.lapsed") == []


def test_a_renewal_with_staff_stops_the_reminders(certificate, program, today, staff_user):
    renewal = submitted(certificate, today, audited=True)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)  # what the fee's `invoice.paid` event does
    assert renewal.status == Renewal.Status.IN_AUDIT
    reminders_send(today=three_months_before(certificate))
    assert sent(certificate) == []


def test_a_renewal_waiting_for_its_fee_keeps_the_reminders_and_says_so(certificate, program, today):
    renewal = submitted(certificate, today)  # the card failed: the fee is still owed
    assert renewal.status == Renewal.Status.SUBMITTED
    day = three_months_before(certificate)
    reminders_send(today=day)
    reminders_send(today=day)  # the sweep run twice
    reminders_send(today=day + timedelta(days=1))  # and late
    assert sent(certificate) == [f"renewal:{certificate.pk}:3m"]
    body = reminder(certificate).body
    assert "the renewal fee is still to pay" in body
    assert "apply for renewal" not in body
    reminders_send(today=lapse_day(certificate, program))
    assert sent(certificate, "certificate.lapsed") == [
        f"renewal:{certificate.pk}:lapsed:{lapse_day(certificate, program)}"
    ]


def test_a_holder_who_has_not_applied_is_told_what_to_record(certificate, program):
    reminders_send(today=three_months_before(certificate))
    body = reminder(certificate).body
    assert "apply for renewal" in body
    assert "still to pay" not in body


# --- The public page and the API at the program's midnights -----------------------------------


def tag(word):
    return f'<span class="tag tag--warn">{word}</span>'


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Chicago", "Pacific/Honolulu"])
def test_each_edge_turns_at_the_programs_midnight_on_every_surface(client, program, zone):
    program.time_zone = zone
    program.save(update_fields=["time_zone"])
    issued_on = add_months(today_in(zone), -59)
    holder = holder_with_certificate(program, issued_on=issued_on, name="Ana Lima")
    cycle = certificate_lifecycle(certificate=holder)
    second = timedelta(seconds=1)
    last_valid = dates.valid_until(cycle.expires_on, program)
    last_to_renew = dates.valid_until(cycle.grace_ends_on, program)
    edges = [
        (last_valid, Phase.WINDOW, "Valid"),
        (last_valid + second, Phase.GRACE, "Expired"),
        (last_to_renew, Phase.GRACE, "Expired"),
        (last_to_renew + second, Phase.LAPSED, "Lapsed"),
    ]
    for moment, phase, word in edges:
        with time_machine.travel(moment, tick=False):
            holder.refresh_from_db()
            assert certificate_lifecycle(certificate=holder).phase == phase, moment
            answer = client.get(f"/api/v1/certificates/{holder.number}").json()
            assert answer["status_label"] == word, moment
            page = client.get(reverse("certificates:verify", args=[holder.number])).text
            for other in {"Expired", "Lapsed"} - {word}:
                assert tag(other) not in page, (moment, other)
            if word != "Valid":
                assert tag(word) in page, moment


def today_in(zone):
    return datetime.now(ZoneInfo(zone)).date()
