"""Events are kept 90 days after they happen, then pruned with their deliveries by the daily job,
once every subscriber has handled them; one still waiting or failed stays (one a webhook message
still names: tests/webhooks/test_prune.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from certify.core import events
from certify.core.events import EVENTS_KEPT, events_prune
from certify.core.models import Event, EventDelivery

pytestmark = pytest.mark.django_db

DONE, WAITING, FAILED = (
    EventDelivery.Status.DONE,
    EventDelivery.Status.PENDING,
    EventDelivery.Status.FAILED,
)
OLD, JUST = EVENTS_KEPT + timedelta(hours=1), EVENTS_KEPT - timedelta(hours=1)


def _event(age: timedelta, *statuses: str) -> Event:
    event = Event.objects.create(name="certificate.revoked", payload={})
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - age)
    for n, status in enumerate(statuses):
        EventDelivery.objects.create(event=event, handler=f"a.handler{n}", status=status)
    return event


def _ids() -> set[int]:
    return set(Event.objects.values_list("pk", flat=True))


def test_handled_events_over_90_days_old_go_with_their_deliveries():
    gone = [_event(OLD, DONE, DONE), _event(OLD)]
    kept = [
        _event(JUST, DONE),
        _event(OLD + timedelta(days=400), DONE, WAITING),
        _event(OLD, FAILED),
    ]
    assert events_prune() == 2
    assert _ids() == {e.pk for e in kept}
    assert not EventDelivery.objects.filter(event_id__in=[e.pk for e in gone]).exists()
    assert EventDelivery.objects.count() == 4
    assert events_prune() == 0


def test_a_failed_delivery_tried_again_and_done_lets_its_event_go(staff):
    event = _event(OLD, DONE, FAILED)
    failed = EventDelivery.objects.get(event=event, status=FAILED)
    events.delivery_retry(delivery=failed, actor=staff)
    assert events_prune() == 0
    EventDelivery.objects.filter(pk=failed.pk).update(status=DONE)
    assert events_prune() == 1
    assert not Event.objects.filter(pk=event.pk).exists()


def test_many_events_are_removed_in_batches(monkeypatch):
    monkeypatch.setattr(events, "PRUNE_BATCH", 2)
    for _ in range(5):
        _event(OLD, DONE)
    assert events_prune() == 5
    assert not Event.objects.exists()
    assert not EventDelivery.objects.exists()


def test_the_daily_jobs_prune_the_events(capsys):
    _event(OLD, DONE)
    call_command("run_jobs")
    assert "events.prune" in capsys.readouterr().out
    assert not Event.objects.exists()
