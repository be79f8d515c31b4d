"""Open card checkouts closed at Stripe after the decision, in a retried task (ADR 0052).

When an invoice stops taking money (the renewal fee of a certificate staff suspended or revoked
since), a tab opened before could still pay from its Stripe Checkout session. The decision marks
the invoice's open sessions to be expired (`next_attempt_at`) in its own transaction and asks
Stripe nothing; after commit a task asks Stripe to expire each (`checkout_session_expire_send`).
A try that fails for a reason that may pass (Stripe unreachable, busy, its own error) is tried
again after a growing wait, until the session's own end (`expires_at`): Stripe closes it itself
then, so nothing is left to ask. A lost task is picked up by the frequent job. A session Stripe
will not expire (paid meanwhile, or already expired) is left to Stripe's webhook: money taken
from it is recorded, on the void invoice after a revocation, as a refund pending for staff.
"""

import logging
from datetime import datetime, timedelta

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from certify.core import retries
from certify.payments.models import CheckoutSession, Invoice

logger = logging.getLogger(__name__)

# Waits before trying again; a session ends by itself within an hour (`CHECKOUT_MINUTES`).
BACKOFF = [
    timedelta(seconds=30),
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=15),
]
STUCK_AFTER = timedelta(minutes=5)
OPEN = CheckoutSession.Status.OPEN


def checkout_sessions_expire(*, invoice: Invoice) -> int:
    """Inside the caller's transaction: mark the invoice's open checkout sessions (not past their
    end) to be expired at Stripe, and enqueue a task for each once it commits. Returns how many.
    Nothing is marked when the caller rolls back; nothing when card payments are switched off."""
    if not settings.STRIPE_SECRET_KEY:
        return 0
    now = timezone.now()
    ids = list(
        CheckoutSession.objects.filter(invoice=invoice, status=OPEN)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("pk", flat=True)
    )
    if ids:
        CheckoutSession.objects.filter(pk__in=ids).update(
            next_attempt_at=now, claimed_at=None, attempts=0
        )
        # robust: the decision is committed whatever happens here; a task that could not be
        # enqueued is picked up by the frequent job (`checkout_expiries_due_send`).
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return len(ids)


def checkout_session_expire_send(*, session_id: int, now: datetime | None = None) -> str:
    """One try at expiring a marked session at Stripe, unless it is done, not due, or being
    tried elsewhere. Called outside a transaction (the task does): no lock is held while Stripe
    is asked. Returns what happened, for the task's result."""
    now = now or timezone.now()
    if not retries.claim(
        CheckoutSession, session_id, pending=OPEN, now=now, stuck_after=STUCK_AFTER
    ):
        return "not due"
    checkout = CheckoutSession.objects.get(pk=session_id)
    mine = CheckoutSession.objects.filter(pk=session_id, status=OPEN)
    try:
        stripe.checkout.Session.expire(
            checkout.stripe_session_id, api_key=settings.STRIPE_SECRET_KEY
        )
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        wait = BACKOFF[min(checkout.attempts, len(BACKOFF)) - 1]
        if checkout.expires_at is not None and now + wait >= checkout.expires_at:
            logger.warning("Stripe did not expire %s; it ends by itself", checkout, exc_info=error)
            mine.update(next_attempt_at=None, claimed_at=None)
            return "not expired: it ends by itself first"
        logger.warning("Stripe did not expire %s (try %s): %r", checkout, checkout.attempts, error)
        mine.update(next_attempt_at=now + wait, claimed_at=None)
        transaction.on_commit(lambda: _enqueue([session_id], run_after=now + wait), robust=True)
        return "tried again later"
    except stripe.StripeError as error:
        # Paid or expired meanwhile (Stripe's webhook says which), or keys refused: asking again
        # cannot change the answer.
        logger.warning("Stripe will not expire checkout session %s: %r", checkout, error)
        mine.update(next_attempt_at=None, claimed_at=None)
        return "not expired: Stripe refused"
    mine.update(status=CheckoutSession.Status.EXPIRED, next_attempt_at=None, claimed_at=None)
    return "expired"


def checkout_expiries_due_send(*, now: datetime | None = None) -> int:
    """Try every session due to be expired: a retry whose wait is over, a task that was lost
    or never enqueued, a worker that died mid-try. The frequent scheduled job calls this."""
    now = now or timezone.now()
    due = CheckoutSession.objects.filter(
        retries.claimable(OPEN, now, stuck_after=STUCK_AFTER)
    ).order_by("id")
    ids = list(due.values_list("pk", flat=True))
    for session_id in ids:
        checkout_session_expire_send(session_id=session_id, now=now)
    return len(ids)


def _enqueue(ids: list[int], run_after: datetime | None = None) -> None:
    from certify.payments.tasks import expire_checkout_session  # the task imports services

    retries.enqueue(expire_checkout_session, ids, run_after)  # else the frequent job, when due
