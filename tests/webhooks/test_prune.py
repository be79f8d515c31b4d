"""An endpoint's log keeps 90 days: older messages that were delivered or failed are removed
with their attempts by the daily job; a message still waiting is kept, however old."""

from datetime import timedelta

from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from certify.core.events import EVENTS_KEPT, events_prune
from certify.core.models import Event
from certify.webhooks import delivery as webhook_delivery
from certify.webhooks.delivery import LOG_KEPT, deliveries_prune
from certify.webhooks.models import Attempt, Delivery
from certify.webhooks.services import endpoint_create

WAITING, DELIVERED, FAILED = (
    Delivery.Status.PENDING,
    Delivery.Status.DELIVERED,
    Delivery.Status.FAILED,
)


def _message(endpoint, status, age: timedelta) -> Delivery:
    event = Event.objects.create(name="certificate.revoked", payload={})
    made = Delivery.objects.create(
        endpoint=endpoint,
        event=event,
        message_id=f"msg_{event.pk}",
        event_type="certificate.revoked",
        payload={},
        status=status,
    )
    Delivery.objects.filter(pk=made.pk).update(created_at=timezone.now() - age)
    Attempt.objects.create(delivery=made, started_at=timezone.now() - age, response_code=500)
    return made


def _endpoint(program, staff, receiver):
    made = endpoint_create(
        actor=staff,
        owner=f"program:{program.pk}",
        url=receiver.url,
        event_types=["certificate.revoked"],
    )
    return made.endpoint


def test_messages_that_ended_over_90_days_ago_go_with_their_attempts(program, staff, receiver):
    endpoint = _endpoint(program, staff, receiver)
    old, just = LOG_KEPT + timedelta(hours=1), LOG_KEPT - timedelta(hours=1)
    gone = [_message(endpoint, DELIVERED, old), _message(endpoint, FAILED, old)]
    kept = [
        _message(endpoint, WAITING, old + timedelta(days=400)),
        _message(endpoint, DELIVERED, just),
        _message(endpoint, FAILED, just),
    ]
    assert deliveries_prune() == 2
    assert set(Delivery.objects.values_list("pk", flat=True)) == {d.pk for d in kept}
    assert not Attempt.objects.filter(delivery_id__in=[d.pk for d in gone]).exists()
    assert Attempt.objects.count() == 3
    assert deliveries_prune() == 0


def test_a_long_log_is_removed_in_batches(program, staff, receiver, monkeypatch):
    monkeypatch.setattr(webhook_delivery, "PRUNE_BATCH", 2)
    endpoint = _endpoint(program, staff, receiver)
    for _ in range(5):
        _message(endpoint, DELIVERED, LOG_KEPT + timedelta(days=1))
    assert deliveries_prune() == 5
    assert not Delivery.objects.exists()
    assert not Attempt.objects.exists()


def test_a_message_sent_again_while_the_job_runs_stays(program, staff, receiver, monkeypatch):
    endpoint = _endpoint(program, staff, receiver)
    old = LOG_KEPT + timedelta(days=1)
    resent, gone = _message(endpoint, FAILED, old), _message(endpoint, DELIVERED, old)
    delete = QuerySet.delete

    def resent_then_deleted(queryset):
        # "Send again" between the job choosing its batch and deleting it.
        Delivery.objects.filter(pk=resent.pk).update(status=WAITING)
        return delete(queryset)

    monkeypatch.setattr(QuerySet, "delete", resent_then_deleted)
    assert deliveries_prune() == 1
    assert list(Delivery.objects.values_list("pk", "status")) == [(resent.pk, WAITING)]
    assert not Delivery.objects.filter(pk=gone.pk).exists()


def test_the_daily_jobs_prune_the_log(program, staff, receiver, capsys):
    endpoint = _endpoint(program, staff, receiver)
    _message(endpoint, DELIVERED, LOG_KEPT + timedelta(days=1))
    call_command("run_jobs")
    assert "webhooks.prune" in capsys.readouterr().out
    assert not Delivery.objects.exists()


def test_an_event_stays_while_a_message_in_the_log_names_it(program, staff, receiver):
    endpoint = _endpoint(program, staff, receiver)
    event = Event.objects.create(name="certificate.revoked", payload={})
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - EVENTS_KEPT * 2)
    message = Delivery.objects.create(
        endpoint=endpoint,
        event=event,
        message_id="msg_kept",
        event_type="certificate.revoked",
        payload={},
        status=Delivery.Status.DELIVERED,
    )
    assert events_prune() == 0
    assert Delivery.objects.filter(pk=message.pk).exists()
    Delivery.objects.filter(pk=message.pk).update(created_at=timezone.now() - LOG_KEPT * 2)
    assert deliveries_prune() == 1
    assert events_prune() == 1
    assert not Event.objects.filter(pk=event.pk).exists()


def test_the_endpoint_page_says_how_long_its_log_keeps_a_message(client, program, staff, receiver):
    endpoint = _endpoint(program, staff, receiver)
    client.force_login(staff)
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert (
        f"A message is kept {LOG_KEPT.days} days, and longer while it is still being tried" in page
    )
