"""Card refunds go to Stripe after the decision, in a background task (ADR 0052).

The decision to refund (`invoice_refund`) records the refund and the invoice's money in its own
transaction and asks Stripe nothing: a rejection or a refund succeeds whether or not Stripe can
be reached. After commit a task asks Stripe (`refund_send`); a try that fails for a reason that
may pass (Stripe unreachable, busy, its own error, a timeout) is tried again after a growing
wait (`BACKOFF`); after the last try, or an answer that trying again cannot change (the payment
was already refunded in Stripe, the keys are refused or missing), the refund "could not be
sent" and program staff are told. They may try again (`refund_retry`).

A refund is refunded once, however often it is tried:
- one Stripe idempotency key per refund (`Refund.idempotency_key`, unique): Stripe answers a
  repeated request with the refund it already made;
- a try is claimed by one worker at a time (`claimed_at`, like event deliveries);
- after a try whose answer was lost (a timeout) or after a day (Stripe forgets idempotency keys
  after 24 hours), Certify first looks for a refund Stripe already made for it (its id is in
  the refund's metadata) and takes that one instead of asking again;
- Stripe's refund id is unique on the row.

What Stripe answered is shown in plain words (`Refund.failure`); the full error is logged only.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from certify.core import retries
from certify.core.workflow import SYSTEM, transition
from certify.payments.models import Refund
from certify.payments.services.common import tell_staff

logger = logging.getLogger(__name__)

# After a try that may pass, the refund is tried again after these waits; then it has failed.
# Their sum stays under a day: Stripe keeps an idempotency key for 24 hours.
BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
# A try claimed this long ago was interrupted (the worker died): it may be claimed again.
STUCK_AFTER = timedelta(minutes=15)
# Stripe forgets an idempotency key after 24 hours: past this age, look before asking again.
KEY_KEPT = timedelta(hours=23)

NO_KEYS = (
    "Card payments are switched off here (no Stripe keys), so Certify cannot refund the card: "
    "refund it in Stripe's dashboard, or switch card payments on and try again."
)


class NotSentError(Exception):
    """A try that did not refund: `words` for people, `again` when a later try may succeed."""

    def __init__(self, words: str, again: bool) -> None:
        super().__init__(words)
        self.words = words
        self.again = again


def _plain(error: stripe.StripeError) -> NotSentError:
    """What a Stripe error means, in words staff and the candidate can read."""
    if isinstance(error, stripe.APIConnectionError):
        return NotSentError("Stripe could not be reached, or did not answer in time.", True)
    if isinstance(error, stripe.RateLimitError):
        return NotSentError("Stripe was busy and asked us to wait.", True)
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        return NotSentError(
            "Stripe did not accept Certify's keys: an administrator needs to check the Stripe "
            "settings.",
            False,
        )
    if isinstance(error, stripe.CardError):
        return NotSentError("The card's bank refused the refund.", False)
    if isinstance(error, stripe.InvalidRequestError):
        words = {
            "charge_already_refunded": "Stripe says this card payment was already refunded in "
            "full (perhaps from Stripe's dashboard).",
            "amount_too_large": "Stripe says this is more than what is left to refund on the "
            "card payment.",
            "resource_missing": "Stripe does not know this card payment.",
        }.get(error.code or "", "Stripe refused the refund: check the payment in its dashboard.")
        return NotSentError(words, False)
    if isinstance(error, stripe.IdempotencyError):
        return NotSentError(
            "Stripe refused a repeated request: check the payment in its dashboard.", False
        )
    return NotSentError("Stripe had a problem on its side.", True)


# --- Asking Stripe (no transaction is open here) -------------------------------------------------


def _options() -> dict[str, Any]:
    # Certify tries again itself, with backoff: no silent retries inside one try.
    return {"api_key": settings.STRIPE_SECRET_KEY, "max_network_retries": 0}


def _already_made(refund: Refund, intent: str) -> str | None:
    """The id of a refund Stripe already made for this one, if any (its metadata names it)."""
    found = stripe.Refund.list(payment_intent=intent, limit=100, **_options())
    for made in found.data:
        metadata: Any = made.metadata or {}  # a StripeObject: no `.get`
        if "certify_refund" in metadata and metadata["certify_refund"] == str(
            refund.idempotency_key
        ):
            return str(made.id)
    return None


def _ask_stripe(refund: Refund, *, now: datetime) -> str:
    """Refund the card through Stripe; Stripe's refund id, or `NotSentError`."""
    if not settings.STRIPE_SECRET_KEY:
        raise NotSentError(NO_KEYS, False)
    intent = refund.payment.stripe_payment_intent or ""
    if not intent:
        raise NotSentError("Certify has no Stripe payment for this card payment.", False)
    try:
        looked = refund.attempts > 1 or refund.created_at < now - KEY_KEPT
        if looked and (made := _already_made(refund, intent)):
            return made
        result = stripe.Refund.create(
            payment_intent=intent,
            amount=refund.amount_cents,
            metadata={
                "invoice": refund.invoice.code,
                "refund": str(refund.pk),
                "certify_refund": str(refund.idempotency_key),
            },
            idempotency_key=f"certify-refund-{refund.idempotency_key}",
            **_options(),
        )
    except stripe.StripeError as error:
        logger.warning(
            "Stripe refund %s (invoice %s, try %s) failed: %r",
            refund.pk,
            refund.invoice.code,
            refund.attempts,
            error,
        )
        raise _plain(error) from error
    if getattr(result, "status", "") in ("failed", "canceled"):
        logger.warning("Stripe refund %s for %s is %s", result.id, refund.pk, result.status)
        raise NotSentError("Stripe could not return the money to the card.", False)
    return str(result.id)


# --- The task's work ---------------------------------------------------------------------------


def _claimable(now: datetime) -> Q:
    return retries.claimable(Refund.Status.PENDING, now, stuck_after=STUCK_AFTER)


def refund_send(*, refund_id: int, now: datetime | None = None) -> Refund:
    """One try at sending a card refund to Stripe, unless it is sent, not due, or being tried
    elsewhere. Call it outside a transaction (the task does): Stripe is asked with no lock held."""
    now = now or timezone.now()
    claimed = retries.claim(
        Refund, refund_id, pending=Refund.Status.PENDING, now=now, stuck_after=STUCK_AFTER
    )
    refund = Refund.objects.select_related("payment", "invoice").get(pk=refund_id)
    if not claimed:
        return refund
    try:
        stripe_id = _ask_stripe(refund, now=now)
    except NotSentError as problem:
        return _not_sent(refund.pk, problem)
    return _sent(refund.pk, stripe_id)


def _refund_locked(refund_id: int) -> Refund:
    """The refund and its invoice, both locked until the transaction ends (PostgreSQL); the
    invoice's program is read with them, not locked."""
    return (
        Refund.objects.select_for_update(of=("self", "invoice"))
        .select_related("invoice__program")
        .get(pk=refund_id)
    )


@transaction.atomic
def _sent(refund_id: int, stripe_id: str) -> Refund:
    refund = _refund_locked(refund_id)
    if refund.status != Refund.Status.PENDING:  # e.g. a stuck try that finished after all
        return refund
    refund.stripe_refund_id = stripe_id
    refund.reference = refund.reference or stripe_id
    refund.sent_at = timezone.now()
    refund.claimed_at = refund.next_attempt_at = None
    refund.failure = ""
    transition(
        refund,
        "send",
        actor=SYSTEM,
        data={"stripe_refund": stripe_id, "attempts": refund.attempts},
        update_fields=[
            "stripe_refund_id",
            "reference",
            "sent_at",
            "claimed_at",
            "next_attempt_at",
            "failure",
        ],
    )
    return refund


@transaction.atomic
def _not_sent(refund_id: int, problem: NotSentError) -> Refund:
    refund = _refund_locked(refund_id)
    if refund.status != Refund.Status.PENDING:
        return refund
    refund.failure = problem.words[:300]
    refund.claimed_at = None
    fields = ["failure", "claimed_at", "next_attempt_at"]
    if problem.again and refund.attempts < MAX_ATTEMPTS:
        refund.next_attempt_at = timezone.now() + BACKOFF[refund.attempts - 1]
        refund.save(update_fields=fields)
        when = refund.next_attempt_at
        transaction.on_commit(lambda: _enqueue([refund_id], run_after=when), robust=True)
        return refund
    refund.next_attempt_at = None
    transition(
        refund,
        "give_up",
        actor=SYSTEM,
        reason=refund.failure,
        data={"attempts": refund.attempts},
        update_fields=fields,
    )
    logger.error("Gave up sending refund %s on %s: %s", refund.pk, refund.invoice.code, problem)
    _tell_staff(refund)
    return refund


def _tell_staff(refund: Refund) -> None:
    """Every active program staff member but the invoice's person reads that it failed."""
    from django.urls import reverse

    tell_staff(
        invoice=refund.invoice,
        event="payment.refund_failed",
        link=reverse("payments:staff_refunds"),
        amount=refund.amount.with_cents(),
        failure=refund.failure,
    )


def refunds_due_send(*, now: datetime | None = None) -> int:
    """Try every card refund that is due: a retry whose wait is over, a task that was never
    enqueued or was lost, a worker that died mid-try. The frequent scheduled job calls this."""
    now = now or timezone.now()
    due = list(Refund.objects.filter(_claimable(now)).order_by("id").values_list("pk", flat=True))
    for refund_id in due:
        refund_send(refund_id=refund_id, now=now)
    return len(due)


# --- Decisions ---------------------------------------------------------------------------------


def card_refunds_send(refunds: list[Refund]) -> None:
    """Inside the decision's transaction: the card refunds among `refunds` go to Stripe after
    commit. Nothing is sent when the decision rolls back."""
    ids = [r.pk for r in refunds if r.status == Refund.Status.PENDING]
    for refund in refunds:
        if refund.pk in ids:
            refund.next_attempt_at = timezone.now()
            refund.save(update_fields=["next_attempt_at"])
    if ids:
        # robust: the decision is committed whatever happens here; a task that could not be
        # enqueued is picked up by the frequent job (`refunds_due_send`).
        transaction.on_commit(lambda: _enqueue(ids), robust=True)


@transaction.atomic
def refund_retry(*, refund: Refund, actor: Any) -> Refund:
    """Staff try a refund that could not be sent once more (after fixing what stopped it)."""
    refund = _refund_locked(refund.pk)
    refund.attempts = 0
    refund.claimed_at = None
    refund.next_attempt_at = timezone.now()
    transition(
        refund,
        "retry",
        actor=actor,
        data={"failure": refund.failure},
        update_fields=["attempts", "claimed_at", "next_attempt_at"],
    )
    refund_id = refund.pk
    transaction.on_commit(lambda: _enqueue([refund_id]), robust=True)
    return refund


def _enqueue(refund_ids: list[int], run_after: datetime | None = None) -> None:
    from certify.payments.tasks import send_refund

    retries.enqueue(send_refund, refund_ids, run_after)  # else the frequent job, when due
