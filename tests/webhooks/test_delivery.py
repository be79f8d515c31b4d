"""A receiver on loopback gets each change once, signed in the Standard Webhooks format; a
receiver that fails three times gets the same message again later, with the same id."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from certify.certificates.services import certificate_act
from certify.core.events import deliveries_redeliver as events_redeliver
from certify.webhooks.delivery import BACKOFF, deliveries_redeliver, delivery_resend
from certify.webhooks.models import Attempt, Delivery
from certify.webhooks.services import endpoint_create, secret_rotate
from tests.certificates.conftest import finish, nearly_done

CERTIFICATE_TYPES = [
    "set.completed",
    "certificate.issued",
    "certificate.suspended",
    "certificate.reinstated",
    "certificate.revoked",
]


def verified(secret, receiver):
    """Every request the receiver got, verified with the secret (raises if any is not)."""
    return [Webhook(secret).verify(body, headers) for headers, body in receiver.requests]


def test_each_change_arrives_once_signed_and_verifiable(
    program, staff, second_staff, receiver, django_capture_on_commit_callbacks
):
    application, last = nearly_done(program)  # changes before the endpoint: not sent to it
    made = endpoint_create(
        actor=staff, owner=f"program:{program.pk}", url=receiver.url, event_types=CERTIFICATE_TYPES
    )
    assert made.secret.startswith("whsec_")
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    certificate = application.certificate
    for action in ("suspend", "reinstate", "revoke"):
        with django_capture_on_commit_callbacks(execute=True):
            certificate_act(certificate=certificate, actor=second_staff, action=action, reason="R")
        certificate.refresh_from_db()
    # The event and webhook jobs run again (a racing worker, a redelivery): nothing is sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        events_redeliver(now=timezone.now() + timedelta(days=1))
        deliveries_redeliver(now=timezone.now() + timedelta(days=1))

    messages = verified(made.secret, receiver)
    assert Counter(m["type"] for m in messages) == Counter(CERTIFICATE_TYPES)
    ids = [headers["webhook-id"] for headers, _ in receiver.requests]
    assert len(set(ids)) == len(ids) == 5
    revoked = next(m for m in messages if m["type"] == "certificate.revoked")
    assert revoked["data"]["certificate_number"] == certificate.number
    assert revoked["data"]["status"] == "revoked"
    assert revoked["data"]["verification_url"].endswith(f"/verify/{certificate.number}/")
    assert all(d.status == Delivery.Status.DELIVERED for d in Delivery.objects.all())


def test_a_receiver_that_fails_three_times_gets_the_same_message_later(
    program, staff, failing_receiver, django_capture_on_commit_callbacks
):
    _application, last = nearly_done(program)
    made = endpoint_create(
        actor=staff,
        owner=f"program:{program.pk}",
        url=failing_receiver.url,
        event_types=["set.completed"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)

    # The worker retries on the backoff schedule (1, 5, 30 minutes): never before a wait is over.
    at = delivery.next_attempt_at
    assert at - delivery.created_at >= BACKOFF[0] - timedelta(seconds=5)
    assert deliveries_redeliver(now=at - timedelta(seconds=1)) == 0
    for wait in (BACKOFF[0], BACKOFF[1], BACKOFF[2]):
        delivery.refresh_from_db()
        assert delivery.next_attempt_at - at <= wait  # the wait after this attempt
        assert deliveries_redeliver(now=delivery.next_attempt_at) == 1
        at = delivery.next_attempt_at

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 4
    codes = list(delivery.tries.order_by("id").values_list("response_code", flat=True))
    assert codes == [500, 503, 500, 200]
    first = delivery.tries.order_by("id").first()
    assert len(first.response_body) == 500  # the body is capped in the log
    assert {h["webhook-id"] for h, _ in failing_receiver.requests} == {delivery.message_id}
    assert [m["type"] for m in verified(made.secret, failing_receiver)] == ["set.completed"] * 4


def test_send_again_repeats_the_message_with_its_id(
    program, staff, receiver, django_capture_on_commit_callbacks
):
    _application, last = nearly_done(program)
    made = endpoint_create(
        actor=staff, owner=f"program:{program.pk}", url=receiver.url, event_types=["set.completed"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        delivery_resend(delivery=delivery, actor=staff)
    assert [h["webhook-id"] for h, _ in receiver.requests] == [delivery.message_id] * 2
    assert Attempt.objects.filter(delivery=delivery).count() == 2
    verified(made.secret, receiver)


def test_during_a_rotation_both_secrets_sign(
    program, staff, receiver, django_capture_on_commit_callbacks
):
    _application, last = nearly_done(program)
    made = endpoint_create(
        actor=staff, owner=f"program:{program.pk}", url=receiver.url, event_types=["set.completed"]
    )
    rotated = secret_rotate(endpoint=made.endpoint, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    headers, body = receiver.requests[0]
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(made.secret).verify(body, headers)
    Webhook(rotated.secret).verify(body, headers)
    # After the overlap only the new secret signs.
    made.endpoint.secrets.exclude(value=rotated.secret).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        delivery_resend(delivery=delivery, actor=staff)
    headers, body = receiver.requests[1]
    Webhook(rotated.secret).verify(body, headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(made.secret).verify(body, headers)
