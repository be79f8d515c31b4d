"""Domain events: recorded in the publisher's transaction, delivered after commit, at least
once per subscriber, retried with backoff, redelivered by the scheduled job when a task is lost."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from certify.core import events
from certify.core.models import AuditEvent, Event, EventDelivery
from certify.notifications.scheduler import FREQUENT_JOBS

NAME = "thing.happened"


@pytest.fixture
def calls(monkeypatch):
    """A declared test event with two subscribers; `calls` records what each was given.

    `fail["flaky"]` makes the first subscriber raise that many more times.
    """
    monkeypatch.setitem(
        events.EVENTS,
        NAME,
        events.EventType(name=NAME, description="A test event.", payload=("thing_id", "label")),
    )
    monkeypatch.setitem(events.SUBSCRIBERS, NAME, {})
    seen: list[tuple[str, dict]] = []
    fail = {"flaky": 0}

    @events.subscriber(NAME)
    def flaky(*, event_id: int, thing_id: int, **rest: object) -> None:
        if fail["flaky"]:
            fail["flaky"] -= 1
            raise ConnectionError("the other side is down")
        seen.append(("flaky", {"event_id": event_id, "thing_id": thing_id, **rest}))

    @events.subscriber(NAME)
    def steady(*, event_id: int, **payload: object) -> None:
        seen.append(("steady", {"event_id": event_id, **payload}))

    return seen, fail


def _delivery(handler: str) -> EventDelivery:
    return EventDelivery.objects.get(handler__endswith=f".{handler}")


def test_an_event_is_recorded_with_one_delivery_per_subscriber_and_delivered_after_commit(
    db, calls, django_capture_on_commit_callbacks
):
    seen, _ = calls
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(NAME, thing_id=7, label="seven")
        event = Event.objects.get(name=NAME)
        assert event.payload == {"thing_id": 7, "label": "seven"}
        assert EventDelivery.objects.filter(event=event).count() == 2
        assert seen == []  # nothing runs before the transaction commits
    assert sorted(seen) == [
        ("flaky", {"event_id": event.pk, "thing_id": 7, "label": "seven"}),
        ("steady", {"event_id": event.pk, "thing_id": 7, "label": "seven"}),
    ]
    delivery = _delivery("steady")
    assert (delivery.status, delivery.attempts, delivery.claimed_at) == ("done", 1, None)
    assert delivery.done_at is not None


def test_a_rolled_back_transaction_records_and_delivers_nothing(
    db, calls, django_capture_on_commit_callbacks
):
    seen, _ = calls

    @transaction.atomic
    def change_that_fails() -> None:
        events.publish(NAME, thing_id=1, label="")
        raise RuntimeError("the change failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_that_fails()
    assert (Event.objects.count(), EventDelivery.objects.count()) == (0, 0)
    assert callbacks == []
    assert seen == []


def test_a_failing_handler_does_not_stop_the_others_and_is_retried_with_backoff(
    db, calls, django_capture_on_commit_callbacks
):
    seen, fail = calls
    fail["flaky"] = 1
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(NAME, thing_id=3, label="x")
    assert [who for who, _ in seen] == ["steady"]
    flaky = _delivery("flaky")
    assert (flaky.status, flaky.attempts) == ("pending", 1)
    assert flaky.last_error == "ConnectionError: the other side is down"
    wait = flaky.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)

    # Not due yet: the job leaves it; once due, it runs (and the steady one is not run again).
    assert events.deliveries_redeliver(now=timezone.now()) == 0
    assert events.deliveries_redeliver(now=timezone.now() + timedelta(minutes=2)) == 1
    assert [who for who, _ in seen] == ["steady", "flaky"]
    flaky.refresh_from_db()
    assert (flaky.status, flaky.attempts, flaky.last_error) == ("done", 2, "")


def test_a_handler_that_keeps_failing_is_marked_failed_and_audited_after_the_last_attempt(
    db, calls, django_capture_on_commit_callbacks
):
    _, fail = calls
    fail["flaky"] = 99
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(NAME, thing_id=3, label="x")
    later = timezone.now()
    for _ in range(events.MAX_ATTEMPTS - 1):
        later += timedelta(days=1)
        events.deliveries_redeliver(now=later)
    flaky = _delivery("flaky")
    assert (flaky.status, flaky.attempts, flaky.next_attempt_at) == (
        "failed",
        events.MAX_ATTEMPTS,
        None,
    )
    assert AuditEvent.objects.filter(verb="event.delivery_failed", target_id=flaky.pk).exists()
    assert events.deliveries_redeliver(now=later + timedelta(days=1)) == 0  # given up

    fail["flaky"] = 0
    with django_capture_on_commit_callbacks(execute=True):
        events.delivery_retry(delivery=flaky, actor=None)
    flaky.refresh_from_db()
    assert flaky.status == "done"


def test_a_task_lost_between_commit_and_enqueue_is_delivered_by_the_scheduled_job(
    db, calls, django_capture_on_commit_callbacks
):
    seen, _ = calls
    # The transaction commits but its after-commit work never runs (the process died).
    with django_capture_on_commit_callbacks(execute=False):
        events.publish(NAME, thing_id=5, label="lost")
    assert seen == []
    assert set(EventDelivery.objects.values_list("status", flat=True)) == {"pending"}

    result = FREQUENT_JOBS["events.redeliver"](timezone.now())
    assert result == "2 event delivery(ies) run"
    assert sorted(who for who, _ in seen) == ["flaky", "steady"]
    assert set(EventDelivery.objects.values_list("status", flat=True)) == {"done"}
    assert FREQUENT_JOBS["events.redeliver"](timezone.now()) == "0 event delivery(ies) run"


def test_a_delivery_runs_once_even_when_its_task_comes_twice(
    db, calls, django_capture_on_commit_callbacks
):
    seen, _ = calls
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(NAME, thing_id=5, label="")
    steady = _delivery("steady")
    events.delivery_run(delivery_id=steady.pk)
    assert [who for who, _ in seen].count("steady") == 1


def test_a_delivery_claimed_by_a_worker_that_died_is_taken_again_after_the_stuck_limit(
    db, calls, django_capture_on_commit_callbacks
):
    seen, _ = calls
    with django_capture_on_commit_callbacks(execute=False):
        events.publish(NAME, thing_id=5, label="")
    now = timezone.now()
    EventDelivery.objects.update(claimed_at=now - timedelta(minutes=1), attempts=1)
    assert events.deliveries_redeliver(now=now) == 0  # a worker is still on it
    EventDelivery.objects.update(claimed_at=now - events.STUCK_AFTER - timedelta(seconds=1))
    assert events.deliveries_redeliver(now=now) == 2
    assert len(seen) == 2


def test_a_delivery_whose_handler_is_not_registered_here_waits_for_a_worker_that_has_it(
    db, calls, django_capture_on_commit_callbacks
):
    seen, _ = calls
    with django_capture_on_commit_callbacks(execute=False):
        events.publish(NAME, thing_id=5, label="")
    handlers = dict(events.SUBSCRIBERS[NAME])
    events.SUBSCRIBERS[NAME].clear()  # a worker still running the code from before a release
    assert events.deliveries_redeliver() == 2
    steady = _delivery("steady")
    assert (steady.status, steady.attempts) == ("pending", 1)
    assert "not registered" in steady.last_error
    events.SUBSCRIBERS[NAME].update(handlers)
    assert events.deliveries_redeliver(now=timezone.now() + timedelta(minutes=2)) == 2
    assert sorted(who for who, _ in seen) == ["flaky", "steady"]


def test_an_event_without_subscribers_is_still_recorded(monkeypatch, db):
    monkeypatch.setitem(
        events.EVENTS, NAME, events.EventType(name=NAME, description="", payload=())
    )
    with transaction.atomic():
        events.publish(NAME)
    assert Event.objects.filter(name=NAME).exists()
    assert not EventDelivery.objects.exists()


def test_publish_refuses_an_undeclared_name_a_wrong_payload_and_a_call_outside_a_transaction(
    calls, transactional_db
):
    with pytest.raises(LookupError, match="not declared"), transaction.atomic():
        events.publish("thing.hapened", thing_id=1, label="")
    with pytest.raises(TypeError, match="carries"), transaction.atomic():
        events.publish(NAME, thing_id=1)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        events.publish(NAME, thing_id=1, label="")
    assert not Event.objects.exists()


@pytest.mark.parametrize("bad", ["settled", "Invoice.Settled", "invoice settled", ".settled"])
def test_event_names_are_dotted_and_lower_case(bad):
    with pytest.raises(ValueError, match="dotted"):
        events.declare(bad, description="", payload=())


def test_a_name_cannot_be_declared_twice_with_other_terms():
    events.declare("invoice.paid", **_terms("invoice.paid"))  # the same terms: fine
    with pytest.raises(ValueError, match="already declared"):
        events.declare("invoice.paid", description="Something else.", payload=())


def _terms(name: str) -> dict:
    spec = events.EVENTS[name]
    return {"description": spec.description, "payload": spec.payload}


def test_every_subscribed_event_is_declared_and_the_registry_lists_the_reactions():
    assert set(events.SUBSCRIBERS) <= set(events.EVENTS)
    listing = events.registry()
    hooks = "certify.webhooks.handlers.webhooks_fan_out"  # outbound webhooks follow these too
    assert listing["invoice.paid"] == [
        "certify.payments.handlers.full_price_after_paid",
        "certify.renewals.handlers.renewal_fee_settled",
        "certify.scholarships.handlers.awards_follow_invoice",
        hooks,
    ]
    assert listing["invoice.refunded"] == [
        "certify.scholarships.handlers.awards_follow_invoice",
        hooks,
    ]
    assert listing["application.accepted"] == [
        "certify.progress.handlers.plan_open",
        "certify.scholarships.handlers.enrollment_awards_follow_application",
        hooks,
    ]


def test_the_events_page_documents_every_event_its_payload_and_its_subscribers():
    text = (Path(__file__).resolve().parents[2] / "docs" / "events.md").read_text()
    for name, subscribers in events.registry().items():
        assert f"`{name}`" in text, name
        for key in events.EVENTS[name].payload:
            assert f"`{key}`" in text, (name, key)
        for handler in subscribers:
            assert f"`{handler}`" in text, handler
