"""A paid renewal moves on through the "invoice.paid" event, never when someone looks."""

import pytest
from django.utils import timezone

from certify.accounts.tokens import token_create
from certify.certificates.models import Certificate
from certify.core.models import EventDelivery
from certify.core.money import Money
from certify.notifications.scheduler import FREQUENT_JOBS
from certify.payments.services import payment_record
from certify.renewals.handlers import renewal_fee_settled
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_submit
from tests.conftest import writes_during
from tests.renewals.conftest import in_window, log


@pytest.fixture
def renewal(program):
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    return renewal_submit(certificate=certificate, actor=certificate.holder, today=today)


def _pay(renewal, staff_user):
    payment_record(
        invoice=renewal.invoice,
        amount=Money(15000),
        method="cheque",
        reference="C",
        actor=staff_user,
    )


def test_paying_the_fee_approves_the_renewal_through_the_subscriber(
    renewal, staff_user, django_capture_on_commit_callbacks
):
    assert renewal.status == Renewal.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        _pay(renewal, staff_user)
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.APPROVED
    assert renewal.new_certificate is not None
    delivery = EventDelivery.objects.get(
        handler=f"{renewal_fee_settled.__module__}.renewal_fee_settled"
    )
    assert (delivery.status, delivery.event.payload["invoice_id"]) == ("done", renewal.invoice_id)

    # Delivered a second time (at least once): still one new certificate.
    renewal_fee_settled(event_id=delivery.event_id, **delivery.event.payload)
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.APPROVED
    assert Certificate.objects.filter(holder=renewal.holder).count() == 2  # the old and one new


def test_an_audited_renewal_goes_to_the_evidence_check(
    program, renewal, staff_user, django_capture_on_commit_callbacks
):
    Renewal.objects.filter(pk=renewal.pk).update(audited=True)
    with django_capture_on_commit_callbacks(execute=True):
        _pay(renewal, staff_user)
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.IN_AUDIT


def test_the_renewal_page_and_api_write_nothing_while_the_event_is_on_its_way(
    client, renewal, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # paid; not delivered yet
        _pay(renewal, staff_user)
    holder = renewal.holder
    client.force_login(holder)
    page_writes = writes_during(lambda: client.get("/renewal/"))
    assert page_writes == []
    assert "Waiting for the renewal fee" in client.get("/renewal/").text
    headers = {
        "HTTP_AUTHORIZATION": "Bearer "
        + token_create(user=holder, name="t", scopes=["renewals"]).secret
    }
    status = client.get("/api/v1/renewals/status", **headers)
    assert status.json()["renewal"]["status"] == "submitted"
    api_writes = writes_during(lambda: client.get("/api/v1/renewals/status", **headers))
    # A token's last-used stamp is the one write a read may make.
    assert [sql for sql in api_writes if "last_used_at" not in sql] == []
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.SUBMITTED

    # The scheduled job delivers the event whose task was lost.
    FREQUENT_JOBS["events.redeliver"](timezone.now())
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.APPROVED
