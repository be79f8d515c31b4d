"""Domain events: one app tells the others what happened, after commit, durably.

An app that owns a change declares its events once (`declare`) and publishes them inside the
transaction that makes the change (`publish`). The event is written to the `core.Event` table
in that transaction, with one `core.EventDelivery` row per subscriber; only after commit is a
task enqueued to deliver each one. A rolled-back transaction leaves neither event nor delivery.

Other apps subscribe from a module imported in their `AppConfig.ready` (core imports no app):

    @subscriber("invoice.paid")
    def renewal_fee_paid(*, event_id: int, invoice_id: int, **_: object) -> None:
        ...

Delivery is at least once: a handler may run again for the same event (a retry after a
failure, a worker killed before it recorded success, the redelivery job racing a slow worker).
**Handlers must be idempotent**: running one twice must leave the same state as running it
once. Each handler runs in its own transaction together with the row that marks its delivery
done, so its writes and "done" commit together. A handler that raises is retried with backoff
and never stops the other handlers of the same event; after the last attempt the delivery is
marked failed and written to the audit trail.

Event names are dotted: "invoice.paid", "certificate.revoked" (a workflow's events are named
after the status its move leads to: `certify/core/workflow.py`).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, ForeignObjectRel, OuterRef, Q
from django.utils import timezone

from certify.core import retries
from certify.core.models import Event, EventDelivery
from certify.core.services import audit_record

logger = logging.getLogger(__name__)

Value = str | int | None

# After a failure the delivery is tried again after these waits; then it is marked failed.
BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
# A delivery claimed this long ago was interrupted (the worker died): it may be claimed again.
STUCK_AFTER = timedelta(minutes=15)
# An event every subscriber has handled is kept this long (the admin shows it), then pruned.
EVENTS_KEPT = timedelta(days=90)
PRUNE_BATCH = 1000


# `handler(*, event_id: int, **payload) -> None`; a handler names the payload keys it uses and
# takes the rest as `**_`, so a key added later does not break it.
Handler = Callable[..., None]


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    payload: tuple[str, ...]


# The registry: every declared event, and each event's subscribers by dotted name.
EVENTS: dict[str, EventType] = {}
SUBSCRIBERS: dict[str, dict[str, Handler]] = {}


def declare(name: str, *, description: str, payload: tuple[str, ...]) -> EventType:
    """Name an event and the keys its payload always has. Safe to repeat with the same terms."""
    head, _, tail = name.partition(".")
    if not (head and tail and name == name.lower() and " " not in name):
        raise ValueError(f'Event names are dotted and lower case, like "invoice.paid": {name!r}')
    spec = EventType(name=name, description=" ".join(description.split()), payload=payload)
    if EVENTS.setdefault(name, spec) != spec:
        raise ValueError(f"Event {name!r} is already declared with other terms.")
    return spec


def handler_name(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def subscriber(name: str) -> Callable[[Handler], Handler]:
    """Register `handler(*, event_id, **payload)` for the event `name`. It must be idempotent."""

    def register(handler: Handler) -> Handler:
        SUBSCRIBERS.setdefault(name, {})[handler_name(handler)] = handler
        return handler

    return register


def registry() -> dict[str, list[str]]:
    """Every declared or subscribed event with its subscribers' dotted names, sorted."""
    names = sorted(set(EVENTS) | set(SUBSCRIBERS))
    return {name: sorted(SUBSCRIBERS.get(name, {})) for name in names}


def publish(name: str, /, **payload: Value) -> None:
    """Record that `name` happened, in the caller's transaction; deliver it after commit.

    Call inside the transaction that makes the change. The payload holds ids and short values
    (never whole objects): handlers reload what they need.
    """
    spec = EVENTS.get(name)
    if spec is None:
        raise LookupError(f"Event {name!r} is not declared: declare it with events.declare().")
    if set(payload) != set(spec.payload):
        raise TypeError(f"Event {name!r} carries {sorted(spec.payload)}, not {sorted(payload)}.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"Publish {name!r} inside the transaction that makes the change.")
    event = Event.objects.create(name=name, payload=payload)
    now = timezone.now()
    ids = [
        EventDelivery.objects.create(event=event, handler=handler, next_attempt_at=now).pk
        for handler in sorted(SUBSCRIBERS.get(name, {}))
    ]
    if ids:
        # robust: the change is committed whatever happens here; a task that could not be
        # enqueued is picked up by the redelivery job (`deliveries_redeliver`).
        transaction.on_commit(lambda: _enqueue(ids), robust=True)


def _enqueue(delivery_ids: list[int], run_after: datetime | None = None) -> None:
    from certify.core.tasks import deliver_event

    retries.enqueue(deliver_event, delivery_ids, run_after)


def _claimable(now: datetime) -> Q:
    return retries.claimable(EventDelivery.Status.PENDING, now, stuck_after=STUCK_AFTER)


def delivery_run(*, delivery_id: int, now: datetime | None = None) -> EventDelivery:
    """Run one subscriber for one event, unless it is done, not yet due, or running elsewhere."""
    now = now or timezone.now()
    claimed = retries.claim(
        EventDelivery,
        delivery_id,
        pending=EventDelivery.Status.PENDING,
        now=now,
        stuck_after=STUCK_AFTER,
    )
    delivery = EventDelivery.objects.select_related("event").get(pk=delivery_id)
    if not claimed:
        return delivery
    event = delivery.event
    handler = SUBSCRIBERS.get(event.name, {}).get(delivery.handler)
    if handler is None:  # e.g. a worker still running the code from before a release
        return _failed(delivery, "LookupError: the handler is not registered in this process.")
    try:
        with transaction.atomic():
            handler(event_id=event.pk, **event.payload)
            delivery.status = EventDelivery.Status.DONE
            delivery.done_at = timezone.now()
            delivery.claimed_at = None
            delivery.next_attempt_at = None
            delivery.last_error = ""
            delivery.save(
                update_fields=["status", "done_at", "claimed_at", "next_attempt_at", "last_error"]
            )
    except Exception as error:  # any handler failure: record it and try again later
        return _failed(delivery, f"{type(error).__name__}: {error}")
    return delivery


def _failed(delivery: EventDelivery, error: str) -> EventDelivery:
    delivery.last_error = error[:2000]
    delivery.claimed_at = None
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = EventDelivery.Status.FAILED
        delivery.next_attempt_at = None
        logger.error("Gave up delivering %s: %s", delivery, delivery.last_error)
        audit_record(
            actor=None,
            verb="event.delivery_failed",
            target=delivery,
            reason=delivery.last_error,
            data={"event": delivery.event_id, "attempts": delivery.attempts},
        )
    else:
        delivery.status = EventDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
        logger.warning("Delivering %s failed (attempt %s): %s", delivery, delivery.attempts, error)
        transaction.on_commit(
            lambda: _enqueue([delivery.pk], run_after=delivery.next_attempt_at), robust=True
        )
    delivery.save(update_fields=["status", "last_error", "claimed_at", "next_attempt_at"])
    return delivery


def deliveries_redeliver(*, now: datetime | None = None) -> int:
    """Run every delivery that is due: a retry whose wait is over, a task that was never
    enqueued or was lost (a crash between commit and enqueue), a worker that died mid-run.
    Returns how many were run. The frequent scheduled job calls this."""
    now = now or timezone.now()
    due = list(
        EventDelivery.objects.filter(_claimable(now)).order_by("id").values_list("pk", flat=True)
    )
    for delivery_id in due:
        delivery_run(delivery_id=delivery_id, now=now)
    return len(due)


@transaction.atomic
def delivery_retry(*, delivery: EventDelivery, actor: object) -> EventDelivery:
    """Staff try a failed delivery again (after fixing what made the handler fail)."""
    delivery = EventDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == EventDelivery.Status.DONE:
        return delivery
    delivery.status = EventDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.claimed_at = None
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "claimed_at", "next_attempt_at"])
    audit_record(actor=actor, verb="event.delivery_retried", target=delivery)
    transaction.on_commit(lambda: _enqueue([delivery.pk]), robust=True)
    return delivery


def events_prune(*, now: datetime | None = None) -> int:
    """Remove the events made more than `EVENTS_KEPT` ago that every subscriber has handled,
    with their deliveries. One with a delivery still waiting, or failed (staff may try it
    again), stays however old; so does one another row still points at (a webhook message in
    its endpoint's log: found from the model's relations, since core imports no app). The daily
    job calls this, in batches. Returns how many events were removed."""
    now = now or timezone.now()
    unhandled = EventDelivery.objects.filter(event=OuterRef("pk")).exclude(
        status=EventDelivery.Status.DONE
    )
    old = Event.objects.filter(created_at__lt=now - EVENTS_KEPT).exclude(Exists(unhandled))
    for relation in Event._meta.get_fields(include_hidden=True):
        if isinstance(relation, ForeignObjectRel) and relation.field.model is not EventDelivery:
            pointing = relation.field.model._base_manager.filter(
                **{relation.field.name: OuterRef("pk")}
            )
            old = old.exclude(Exists(pointing))
    removed = 0
    while ids := list(old.order_by("id").values_list("pk", flat=True)[:PRUNE_BATCH]):
        # The conditions again, in the statement that deletes (nothing waits on a chosen id).
        removed += old.filter(pk__in=ids).delete()[1].get(Event._meta.label, 0)
    return removed
