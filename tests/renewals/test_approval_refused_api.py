"""The staff renewals API says, for each renewal in the evidence check, whether staff can
approve it now, in the decision page's words (`approval_refused_because`, from the same
`fee.renewal_approval_refusal`): paid after its certificate lapsed (reinstate it first), or its
certificate suspended since. Empty once it can be approved, and for a renewal not waiting for
approval. The list's queries do not grow with its renewals (ADR 0014)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from certify.certificates.services import certificate_suspend
from certify.renewals.models import Renewal
from certify.renewals.services import certificate_reinstate_lapsed, renewal_sync
from tests.conftest import count_queries
from tests.payments.conftest import card_paid
from tests.renewals.conftest import certificate_per_module, in_window
from tests.renewals.test_lapsed_renewal_fee import SECOND, lapsing  # noqa: F401  (a fixture)
from tests.renewals.test_paid_after_lapse import (  # noqa: F401  (a fixture)
    AUCKLAND,
    HOUR,
    _staff_words,
    paid_late,
)
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()
URL = "/api/v1/staff/renewals"


def _said(client) -> dict[str, str]:
    answer = client.get(URL)
    assert answer.status_code == 200, answer.text
    return {row["certificate"]: row["approval_refused_because"] for row in answer.json()["items"]}


def _paid_late(program, today, last_second, name: str) -> Renewal:
    """Another holder's renewal, its fee paid by card a second after the last day to renew."""
    other = in_window(program, today, name=name, email=f"{name.split()[0].lower()}@example.org")
    renewal = _submitted(other, today)
    with time_machine.travel(last_second + SECOND, tick=False):
        card_paid(renewal.invoice, intent=f"pi_{other.pk}")
        renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    return renewal


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_the_list_says_why_approval_is_refused_as_the_decision_page_does(
    client,
    certificate,
    staff_user,
    paid_late,  # noqa: F811
):
    renewal, last_second, lapses_on = paid_late
    words = _staff_words(certificate, lapses_on)
    with time_machine.travel(last_second + HOUR, tick=False):
        client.force_login(staff_user)  # signed in at that time: its session is current
        assert _said(client) == {certificate.number: words}
        page = client.get(reverse("renewals:staff_detail", args=[renewal.pk])).text
        assert words in page
        certificate_reinstate_lapsed(
            certificate=certificate,
            actor=staff_user,
            reason="The card payment was started on the last day.",
            renew_by=lapses_on + timedelta(days=30),
        )
        assert _said(client) == {certificate.number: ""}  # it can be approved now


@pytest.mark.parametrize("lapsing", AUCKLAND, indirect=True)
def test_the_lists_queries_do_not_grow_and_each_row_says_its_own(
    client,
    certificate,
    today,
    staff_user,
    paid_late,  # noqa: F811
):
    _, last_second, lapses_on = paid_late
    with time_machine.travel(last_second + HOUR, tick=False):
        client.force_login(staff_user)  # signed in at that time: its session is current
        client.get(URL)  # the first request's one-off reads (session, caches)
        one = count_queries(lambda: client.get(URL))
    late = _paid_late(certificate.program, today, last_second, "Sam Shelver")
    reinstated = _paid_late(certificate.program, today, last_second, "Kim Keeper")
    suspended = _paid_late(certificate.program, today, last_second, "Lee Lender")
    waiting = _submitted(
        in_window(certificate.program, today, name="Ash Archivist", email="ash@example.org"), today
    )
    with time_machine.travel(last_second + HOUR, tick=False):
        certificate_reinstate_lapsed(
            certificate=reinstated.certificate,
            actor=staff_user,
            reason="Paid on the last day.",
            renew_by=lapses_on + timedelta(days=30),
        )
        certificate_suspend(
            certificate=suspended.certificate, actor=staff_user, reason="Under review."
        )
        said = _said(client)
        assert count_queries(lambda: client.get(URL)) == one
    number = suspended.certificate.number
    assert said == {
        certificate.number: _staff_words(certificate, lapses_on),
        late.certificate.number: _staff_words(late.certificate, lapses_on),
        reinstated.certificate.number: "",
        number: (
            f"Certificate {number} is suspended: it cannot be renewed. Refuse this renewal with a "
            "reason, or approve it once the certificate is reinstated."
        ),
        waiting.certificate.number: "",  # waiting for its fee: nothing to approve yet
    }
    assert waiting.status == Renewal.Status.SUBMITTED
