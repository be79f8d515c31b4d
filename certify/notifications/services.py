"""Telling people things: in-app notifications and e-mail that is never lost silently."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from certify.accounts.api import proven_owners_by_address
from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.locking import name_lock
from certify.core.services import audit_record
from certify.notifications.composing import (
    email_render,
    event_spec,
    in_app_summary,
    notice_context,
)
from certify.notifications.events import Event
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.notifications.recipients import notice_address
from certify.notifications.unsubscribe import unsubscribe_headers

logger = logging.getLogger(__name__)

# After the n-th failed attempt, wait BACKOFF[n-1] before the next; give up after MAX_ATTEMPTS.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A send claimed longer ago than this was interrupted (the worker died): it is tried again.
STUCK_AFTER = timedelta(minutes=15)


def wants_email(*, user: User, event: Event) -> bool:
    if event.essential:
        return True
    pref = EmailPreference.objects.filter(user=user, event=event.key).first()
    return pref is None or pref.enabled


def notify(
    *,
    recipient: User,
    event: str,
    context: dict[str, Any] | None = None,
    link: str = "",
    dedupe_key: str | None = None,
    address: str = "",
) -> Notification | None:
    """Tell `recipient` about `event`: in the app and, unless they opted out, by e-mail to the
    address they confirmed (`recipients.notice_addresses`; `address`, one they confirmed that
    the notice is about, is preferred). An account that confirmed none is told in the app only,
    and its e-mail is held in the outbox with the reason.

    With a `dedupe_key` the same notification is never sent twice, even when two scheduler runs
    overlap. The e-mail is delivered by a background task once the caller's transaction commits.
    Returns None when the key was already used. (Many people told one thing: `notify_each`; a
    state that flips back and forth, told once and e-mailed once: `notify_latest`.)
    """
    from certify.notifications.notices import Told, notify_each  # it builds on this module

    event_spec(event)
    try:  # notify_each writes in its own savepoint, which an IntegrityError rolls back
        made = notify_each(
            told=[Told(recipient=recipient, dedupe_key=dedupe_key, address=address)],
            event=event,
            context=context,
            link=link,
        )
    except IntegrityError:
        return None  # the same reminder was created concurrently
    return made[0] if made else None


@transaction.atomic
def notify_latest(
    *,
    recipient: User,
    event: str,
    key: str,
    email_group: str,
    context: dict[str, Any] | None = None,
    link: str = "",
    address: str = "",
) -> Notification:
    """Tell `recipient` about `event` in one notice kept under `key`: the first time it is made,
    later times it is brought up to date (its event, title, summary and link), unread again and
    at the top of the list, so a state that flips back and forth is one line saying the latest.

    It is e-mailed only if the recipient wants `event` by e-mail and no notice whose key starts
    with `email_group` (which `key` starts with) was e-mailed yet: at most one e-mail for the
    group. Two calls at once for one group wait for each other (a lock on the group's name).
    The e-mail goes to a confirmed address, `address` when the recipient confirmed it, as
    `notify`'s does."""
    if not key.startswith(email_group):
        raise ValueError("A notice's key starts with its e-mail group.")
    spec = event_spec(event)
    name_lock(f"notice:{recipient.pk}:{email_group}")
    emailed = OutgoingEmail.objects.filter(
        notification__recipient=recipient, notification__dedupe_key__startswith=email_group
    ).exists()
    send = not emailed and wants_email(user=recipient, event=spec)
    to = notice_address(recipient, preferred=address) if send else ""
    full_context = notice_context(
        recipient=recipient, spec=spec, link=link, extra=context, address=to
    )
    subject, text, html = email_render(event=event, context=full_context)
    fields: dict[str, Any] = {
        "event": event,
        "title": subject,
        "body": in_app_summary(text),
        "link": link,
        "read_at": None,
        "created_at": timezone.now(),
        "not_emailed": send and not to,
    }
    notification = Notification.objects.filter(recipient=recipient, dedupe_key=key).first()
    if notification is None:
        notification = Notification.objects.create(recipient=recipient, dedupe_key=key, **fields)
    else:
        for name, value in fields.items():
            setattr(notification, name, value)
        notification.save(update_fields=list(fields))
    if send:
        _email_save(notification=notification, to=to, subject=subject, text=text, html=html)
    return notification


def _email_save(*, notification: Notification, to: str, subject: str, text: str, html: str) -> None:
    """A notice's e-mail, queued to its confirmed address `to`, or held when there is none."""
    from certify.notifications.notices import email_row

    email = email_row(notification=notification, to=to, subject=subject, text=text, html=html)
    email.save()
    if email.status == OutgoingEmail.Status.QUEUED:
        email_enqueue_on_commit(email_id=email.pk)


# Why a held notice's e-mail is not sent on staff's word either (ADR 0025).
HELD_REFUSAL = (
    "This e-mail is held because its account has not confirmed an address: Certify does not "
    "send it. Once the person confirms their address, later notices are e-mailed to it."
)


def outbox_row(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    notification: Notification | None = None,
    held_reason: str = "",
) -> OutgoingEmail:
    """An outbox row, not saved: the one place one is built. Queued, due now; or, with a
    `held_reason`, held (never sent, no attempt due) with the reason staff see in the outbox."""
    email = OutgoingEmail(
        notification=notification, to=to, subject=subject, text_body=text, html_body=html
    )
    if held_reason:
        email.status = OutgoingEmail.Status.HELD
        email.last_error = held_reason
    else:
        email.next_attempt_at = timezone.now()
    return email


def email_queue(
    *, to: str, subject: str, text: str, html: str = "", notification: Notification | None = None
) -> OutgoingEmail:
    """Keep an e-mail in the outbox and have a worker deliver it after the transaction commits."""
    email = outbox_row(to=to, subject=subject, text=text, html=html, notification=notification)
    email.save(force_insert=True)
    email_enqueue_on_commit(email_id=email.pk)
    return email


def email_enqueue_on_commit(*, email_id: int, run_after: Any = None) -> None:
    from certify.notifications.tasks import deliver_email

    def enqueue() -> None:
        task = deliver_email
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # the frequent sweep (run_jobs) picks it up when due
            task = task.using(run_after=run_after)
        task.enqueue(email_id)

    transaction.on_commit(enqueue)


def email_deliver(*, email_id: int) -> OutgoingEmail:
    """Send one queued e-mail. Safe to call twice: only one caller claims it."""
    now = timezone.now()
    claimable = Q(status=OutgoingEmail.Status.QUEUED) | Q(
        status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    )
    claimed = (
        OutgoingEmail.objects.filter(claimable, pk=email_id).update(
            status=OutgoingEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )
    email = OutgoingEmail.objects.select_related("notification__recipient").get(pk=email_id)
    if not claimed:
        return email
    notice = email.notification
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=(
            unsubscribe_headers(user=notice.recipient, event=notice.event, address=email.to)
            if notice is not None
            else {}
        ),
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except Exception as error:  # any transport failure: record it, retry later
        return _email_failed(email=email, error=error)
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.next_attempt_at = None
    email.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return email


def _email_failed(*, email: OutgoingEmail, error: Exception) -> OutgoingEmail:
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        email.status = OutgoingEmail.Status.FAILED
        email.next_attempt_at = None
        logger.error("Gave up sending e-mail %s to %s: %s", email.pk, email.to, email.last_error)
        audit_record(
            actor=None,
            verb="email.failed",
            target=email,
            reason=email.last_error,
            data={"attempts": email.attempts},
        )
    else:
        email.status = OutgoingEmail.Status.QUEUED
        email.next_attempt_at = timezone.now() + BACKOFF[email.attempts - 1]
        logger.warning("E-mail %s attempt %s failed: %s", email.pk, email.attempts, error)
        email_enqueue_on_commit(email_id=email.pk, run_after=email.next_attempt_at)
    email.save(update_fields=["status", "last_error", "next_attempt_at"])
    return email


def email_retry_due(*, now: Any = None) -> int:
    """Deliver every e-mail whose retry is due or whose send was interrupted. Returns the count."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - STUCK_AFTER)
    ).values_list("pk", flat=True)
    count = 0
    for email_id in list(due):
        email_deliver(email_id=email_id)
        count += 1
    return count


@transaction.atomic
def email_retry(*, email: OutgoingEmail, actor: User) -> OutgoingEmail:
    """Staff ask for a failed e-mail to be tried again (after fixing the address or SMTP)."""
    if email.status == OutgoingEmail.Status.SENT:
        raise DomainError("This e-mail was already sent.")
    if email.status == OutgoingEmail.Status.HELD:
        raise DomainError(HELD_REFUSAL)
    email.status = OutgoingEmail.Status.QUEUED
    email.attempts = 0
    email.next_attempt_at = timezone.now()
    email.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_record(actor=actor, verb="email.retried", target=email)
    email_enqueue_on_commit(email_id=email.pk)
    return email


def notification_mark_read(*, notification: Notification, user: User) -> None:
    """Someone else's notification is refused as an unknown one is (404, no "not yours"), so
    the answer does not tell that the id exists (docs/security.md)."""
    if notification.recipient_id != user.pk:
        raise Http404("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def email_preferences_set(*, user: User, enabled: dict[str, bool]) -> None:
    """Switch optional e-mails on or off. Essential ones cannot be switched off."""
    for key, on in enabled.items():
        if event_spec(key).essential:
            raise DomainError(f"“{event_spec(key).label}” e-mails cannot be switched off.")
        EmailPreference.objects.update_or_create(user=user, event=key, defaults={"enabled": on})


@dataclass(frozen=True)
class TestSent:
    address: str  # where the e-mail went; "" when held (the staff member confirmed no address)
    as_typed: bool  # to the address staff typed (an account confirmed it), not their own


@transaction.atomic
def delivery_check_send(*, actor: User, to: str) -> TestSent:
    """Staff's test e-mail on the outbox page, an operator's check that the site's mail works:
    to `to` when an account confirmed that address, whichever of its confirmed addresses it is
    (that account gets the notice in the app and the e-mail there; ADR 0025's amendment,
    `accounts/addresses.py`), else to `actor`'s own confirmed address (held, as every notice
    is, when they confirmed none), and the page says why: an account that only shows the
    address is not its owner, and an address nobody confirmed is not written to (ADR 0029)."""
    typed = to.strip().lower()
    owner_id = proven_owners_by_address([typed]).get(typed)
    owner = User.objects.filter(pk=owner_id).first() if owner_id else None
    if owner is not None:
        recipient, address = owner, typed
    else:
        recipient, address = actor, notice_address(actor)
    event = "account.test"
    context = notice_context(
        recipient=recipient, spec=event_spec(event), link="/", extra=None, address=address
    )
    subject, text, html = email_render(event=event, context=context)
    notification = Notification.objects.create(
        recipient=recipient,
        event=event,
        title=subject,
        body=in_app_summary(text),
        link="/",
        not_emailed=not address,
    )
    _email_save(notification=notification, to=address, subject=subject, text=text, html=html)
    return TestSent(address=address, as_typed=owner is not None)
