"""From a domain event to signed HTTP requests: one delivery per endpoint and change (its
`webhook-id` never changes), sent by the task worker, retried with exponential backoff, every
attempt logged. At least once: a receiver may get a message again and drops it by its id."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from certify.accounts.api import proven_owners_of
from certify.core import retries
from certify.core.errors import DomainError
from certify.core.models import Event
from certify.core.services import audit_record
from certify.webhooks.access import maker_may_own, makers_seats, not_sending
from certify.webhooks.catalog import TYPES, Change
from certify.webhooks.changes import change_for
from certify.webhooks.models import Attempt, CertificateShare, Delivery, Endpoint, Scope
from certify.webhooks.sending import Answer, body_of, headers_for, message_id_new, send
from certify.webhooks.services import _require_manager, secrets_signing
from certify.webhooks.targets import target_check

logger = logging.getLogger(__name__)

# Waits after each failed attempt (doubling and more); after the last, the delivery has failed.
BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=8),
    timedelta(hours=24),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
STUCK_AFTER = timedelta(minutes=10)
# How long an endpoint's log keeps a message that was delivered or failed (docs/integration.md).
LOG_KEPT = timedelta(days=90)
PRUNE_BATCH = 1000


def receivers(change: Change, *, since: datetime | None = None) -> list[Endpoint]:
    """The active endpoints that chose this event type and may hear about this change (and, with
    `since`, were registered before it happened)."""
    scopes = TYPES[change.type].scopes
    facts = change.facts
    who = Q(pk__in=[])
    if Scope.PROGRAM in scopes:
        who |= Q(scope=Scope.PROGRAM) & (
            Q(program_id=facts.program_id) if facts.program_id else Q()
        )
    if Scope.PROVIDER in scopes and facts.provider_id:
        who |= Q(scope=Scope.PROVIDER, provider_id=facts.provider_id)
    if Scope.SPONSOR in scopes and facts.sponsor_id:
        who |= Q(scope=Scope.SPONSOR, sponsor_id=facts.sponsor_id)
    if Scope.EMPLOYER in scopes and facts.certificate_id:
        shared = CertificateShare.objects.filter(
            certificate_id=facts.certificate_id, withdrawn_at__isnull=True
        ).values_list("email", flat=True)
        # One rule with the employer's page (`selectors.shared_with`): an owner who confirmed
        # the address, case-folded; the address typed on the account proves nothing.
        who |= Q(owner_id__in=proven_owners_of(shared), scope=Scope.EMPLOYER, owner__is_active=True)
    endpoints = (
        Endpoint.objects.filter(who, disabled_at__isnull=True)
        .select_related("created_by")
        .order_by("id")
    )
    if since is not None:
        endpoints = endpoints.filter(created_at__lte=since)
    wanted = [e for e in endpoints if change.type in e.event_types]
    seats = makers_seats(e.created_by_id for e in wanted)  # one read for every maker
    return [e for e in wanted if maker_may_own(e, seats)]


def fan_out(*, event_id: int, payload: dict[str, Any]) -> int:
    """Make the deliveries of one domain event (idempotent: one per endpoint and change) and
    send them after commit. Returns how many were new."""
    event = Event.objects.get(pk=event_id)
    change = change_for(event.name, payload)
    if change is None:
        return 0
    message = {"type": change.type, "timestamp": event.created_at.isoformat(), "data": change.data}
    new: list[int] = []
    for endpoint in receivers(change, since=event.created_at):
        delivery, created = Delivery.objects.get_or_create(
            endpoint=endpoint,
            event=event,
            defaults={
                "message_id": message_id_new(),
                "event_type": change.type,
                "payload": message,
                "next_attempt_at": timezone.now(),
            },
        )
        if created:
            new.append(delivery.pk)
    if new:
        transaction.on_commit(lambda: _enqueue(new), robust=True)
    return len(new)


def _enqueue(ids: list[int], run_after: datetime | None = None) -> None:
    from certify.webhooks.tasks import deliver_webhook

    retries.enqueue(deliver_webhook, ids, run_after)  # else the frequent job, when due


def _claimable(now: datetime) -> Q:
    return retries.claimable(Delivery.Status.PENDING, now, stuck_after=STUCK_AFTER)


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> Delivery:
    """One attempt of one delivery, unless it is done, not yet due, or being sent elsewhere."""
    now = now or timezone.now()
    claimed = retries.claim(
        Delivery, delivery_id, pending=Delivery.Status.PENDING, now=now, stuck_after=STUCK_AFTER
    )
    delivery = Delivery.objects.select_related("endpoint__created_by").get(pk=delivery_id)
    if not claimed:
        return delivery
    endpoint = delivery.endpoint
    give_up = False
    if endpoint.disabled_at is not None:
        answer = Answer(None, "", "The endpoint is disabled.", 0)
    elif why := not_sending(endpoint):  # they left, or the two-factor rule stops it, since
        answer, give_up = Answer(None, "", why[:300], 0), True
    else:
        answer = _attempt(delivery, endpoint)
    with transaction.atomic():
        _record(delivery, answer, now, give_up=give_up)
    return delivery


def _record(delivery: Delivery, answer: Answer, now: datetime, *, give_up: bool = False) -> None:
    endpoint = delivery.endpoint
    Attempt.objects.create(
        delivery=delivery,
        started_at=now,
        duration_ms=answer.duration_ms,
        response_code=answer.code,
        response_body=answer.body,
        error=answer.error[:300],
    )
    delivery.claimed_at = None
    if answer.ok:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif give_up or delivery.attempts >= MAX_ATTEMPTS or endpoint.disabled_at is not None:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
        logger.warning("Gave up on webhook %s after %s attempts", delivery, delivery.attempts)
    else:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        transaction.on_commit(
            lambda: _enqueue([delivery.pk], run_after=delivery.next_attempt_at), robust=True
        )
    delivery.save(update_fields=["status", "claimed_at", "delivered_at", "next_attempt_at"])


def _attempt(delivery: Delivery, endpoint: Endpoint) -> Answer:
    try:
        target = target_check(endpoint.url)  # resolved again now: no rebinding to a private one
    except DomainError as refused:
        return Answer(None, "", refused.message, 0)
    body = body_of(delivery.payload)
    headers = headers_for(
        message_id=delivery.message_id,
        body=body,
        secrets_=secrets_signing(endpoint),
        at=timezone.now(),  # the real time, even when the job runs with a chosen `now`
    )
    return send(target, body=body, headers=headers)


def deliveries_redeliver(*, now: datetime | None = None) -> int:
    """Send every delivery that is due (a retry whose wait is over, a lost task); the frequent
    job calls this. Returns how many were tried."""
    now = now or timezone.now()
    due = list(Delivery.objects.filter(_claimable(now)).order_by("id").values_list("pk", flat=True))
    for pk in due:
        delivery_send(delivery_id=pk, now=now)
    return len(due)


@transaction.atomic
def delivery_resend(*, delivery: Delivery, actor: Any) -> Delivery:
    """ "Send again": the same message (same `webhook-id`), now, with a fresh set of attempts."""
    _require_manager(actor, delivery.endpoint)
    if delivery.endpoint.disabled_at is not None:
        raise DomainError("Enable the endpoint before sending to it again.")
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING, attempts=0, claimed_at=None, next_attempt_at=timezone.now()
    )
    delivery.refresh_from_db()
    audit_record(actor=actor, verb="webhook.delivery_resent", target=delivery.endpoint)
    transaction.on_commit(lambda: _enqueue([delivery.pk]), robust=True)
    return delivery


def deliveries_prune(*, now: datetime | None = None) -> int:
    """Remove the messages delivered or failed more than `LOG_KEPT` ago, with their attempts;
    one still waiting to be sent stays, however old. The daily job calls this, in batches so
    that a long-neglected log never loads at once. Returns how many messages were removed."""
    now = now or timezone.now()
    old = Delivery.objects.filter(
        status__in=[Delivery.Status.DELIVERED, Delivery.Status.FAILED],
        created_at__lt=now - LOG_KEPT,
    )
    removed = 0
    while ids := list(old.order_by("id").values_list("pk", flat=True)[:PRUNE_BATCH]):
        # The conditions again: a message sent again meanwhile is waiting now, and stays. Its
        # attempts go in the same statement's cascade (deleted in bulk, not loaded).
        removed += old.filter(pk__in=ids).delete()[1].get(Delivery._meta.label, 0)
    return removed
