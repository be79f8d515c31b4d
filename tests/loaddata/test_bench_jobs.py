"""The bench runs no task worker: after its jobs it drops the undelivered work they queued, so
the next run's daily sweep times an ordinary day (certify/loaddata/jobs.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.core.models import Event, EventDelivery
from certify.loaddata.jobs import undelivered_drop
from certify.notifications.models import OutgoingEmail


def _email(subject: str) -> OutgoingEmail:
    return OutgoingEmail.objects.create(to="dana@example.org", subject=subject, text_body="Hello")


def _delivery(name: str) -> EventDelivery:
    event = Event.objects.create(name=name, payload={})
    return EventDelivery.objects.create(event=event, handler="tests.handler")


@pytest.mark.django_db
def test_only_what_was_queued_since_the_jobs_began_and_is_still_waiting_is_dropped():
    before_email, before_delivery = _email("before"), _delivery("before")
    since = timezone.now()
    OutgoingEmail.objects.filter(pk=before_email.pk).update(created_at=since - timedelta(hours=1))
    Event.objects.filter(pk=before_delivery.event_id).update(created_at=since - timedelta(hours=1))
    queued, sent = _email("queued"), _email("sent")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    pending, done = _delivery("pending"), _delivery("done")
    EventDelivery.objects.filter(pk=done.pk).update(status=EventDelivery.Status.DONE)

    result = undelivered_drop(since)

    assert result == "0 tasks, 1 e-mails, 1 event deliveries left by the jobs dropped"
    assert set(OutgoingEmail.objects.values_list("subject", flat=True)) == {"before", "sent"}
    assert set(EventDelivery.objects.values_list("event__name", flat=True)) == {"before", "done"}
    assert not OutgoingEmail.objects.filter(pk=queued.pk).exists()
    assert not EventDelivery.objects.filter(pk=pending.pk).exists()
