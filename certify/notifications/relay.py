"""E-mail Certify sends on a person's behalf to an address that need not be an account: a
supervisor asked to confirm hours, a supervisor asked to attest, a colleague invited to act for
an organisation (docs/decisions/0029-no-relaying.md).

- Limits, per local calendar day: e-mails on one person's behalf to one address
  (`RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY`), on one person's behalf in all
  (`RELAY_PER_SENDER_PER_DAY`), and to one address on anyone's behalf (`RELAY_PER_ADDRESS_PER_DAY`).
  They are counted from the outbox rows themselves (`OutgoingEmail.sent_for`), so they hold
  across workers and restarts, and sending again counts like sending the first time.
- `relay_check` refuses in the sender's words; the sending service calls it (through
  `relay_send`, or first itself) inside its transaction before it creates anything, so a refusal
  leaves no request row and no e-mail. It locks the sender and the address until the
  transaction ends: two requests at once cannot both slip under a limit.
- What the e-mail says is Certify's: the templates take names and facts the system holds, never
  the sender's free text. `relay_send` adds who asked, that Certify sent it on their behalf, the
  program's contact address and a link to stop e-mail from that person to that address.
- The stop link opens a page that changes nothing; its button (a POST) records a `RelayStop`,
  which refuses further e-mail on that person's behalf to that address and which staff read on
  the outbox's reports page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.locking import name_lock
from certify.core.services import audit_record
from certify.notifications.models import OutgoingEmail, RelayStop
from certify.notifications.services import email_enqueue_on_commit, email_render

_SALT = "certify.notifications.relay_stop"
STOP_NOT_VALID = (
    "This link is not valid. Check that you copied all of it, or write to the program's contact "
    "address."
)


@dataclass(frozen=True)
class RelayLimits:
    per_address_from_sender: int
    per_sender: int
    per_address: int


def relay_limits() -> RelayLimits:
    return RelayLimits(
        per_address_from_sender=int(settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY),
        per_sender=int(settings.RELAY_PER_SENDER_PER_DAY),
        per_address=int(settings.RELAY_PER_ADDRESS_PER_DAY),
    )


def _requests(n: int) -> str:
    return f"{n:,} request{'' if n == 1 else 's'}"


def day_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The local calendar day (`TIME_ZONE`) holding `now`: its first instant and the next day's."""
    local = timezone.localtime(now or timezone.now())
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = timezone.make_aware(
        datetime.combine(start.date() + timedelta(days=1), datetime.min.time()),
        timezone.get_current_timezone(),
    )
    return start, end


def relayed_today(*, sender: User, to: str, now: datetime | None = None) -> dict[str, int]:
    """How many e-mails went today on `sender`'s behalf to `to` (`pair`), on their behalf in all
    (`sender`), and to `to` on anyone's behalf (`address`). One query."""
    address = to.strip().lower()
    start, end = day_bounds(now)
    mine = Q(sent_for=sender)
    to_address = Q(Exact(Lower("to"), address))
    counts = (
        OutgoingEmail.objects.filter(
            sent_for__isnull=False, created_at__gte=start, created_at__lt=end
        )
        .filter(mine | to_address)
        .aggregate(
            pair=Count("pk", filter=mine & to_address),
            sender=Count("pk", filter=mine),
            address=Count("pk", filter=to_address),
        )
    )
    return {key: int(value or 0) for key, value in counts.items()}


def relay_check(
    *, sender: User, to: str, field: str | None = None, now: datetime | None = None
) -> None:
    """Refuse, in the sender's words, one more e-mail on `sender`'s behalf to `to` today.

    Call it inside the transaction that creates the request, before creating anything: it
    locks the sender and the address until that transaction ends. `field` names the form field
    the refusal belongs beside."""
    address = to.strip().lower()
    list(User.objects.select_for_update().filter(pk=sender.pk).values_list("pk", flat=True))
    name_lock(f"relay:{address}")
    if RelayStop.objects.filter(address=address, sender=sender).exists():
        raise DomainError(
            "The owner of this address asked Certify not to send them e-mail on your behalf. "
            "Ask them in person, or give someone else's address.",
            field=field,
        )
    limits = relay_limits()
    counts = relayed_today(sender=sender, to=address, now=now)
    if counts["pair"] >= limits.per_address_from_sender:
        raise DomainError(
            f"You have sent {_requests(counts['pair'])} to this address today; you can send "
            "more tomorrow.",
            field=field,
        )
    if counts["sender"] >= limits.per_sender:
        raise DomainError(
            f"You have sent {_requests(counts['sender'])} by e-mail today, the most Certify "
            "sends for one person in a day; you can send more tomorrow.",
            field=field,
        )
    if counts["address"] >= limits.per_address:
        raise DomainError(
            f"This address has received {_requests(counts['address'])} from Certify today, the "
            "most it sends to one address in a day; you can send yours tomorrow.",
            field=field,
        )


def sender_name(sender: User) -> str:
    """The name on the sender's account, as e-mails on their behalf give it."""
    return " ".join((sender.full_name or "").split()) or sender.email


def relay_send(
    *,
    sender: User,
    to: str,
    event: str,
    context: dict[str, Any],
    field: str | None = None,
) -> OutgoingEmail:
    """Check the limits and queue the e-mail for `event` on `sender`'s behalf to `to`, saying
    who asked and how to stop it. `context` must hold only what Certify holds (names on
    accounts, the program, stored facts), never text the sender typed for the recipient.
    Call it inside the transaction that creates the request."""
    relay_check(sender=sender, to=to, field=field)
    email = OutgoingEmail.objects.create(
        sent_for=sender, to=to.strip(), subject="", text_body="", next_attempt_at=timezone.now()
    )
    relay = {
        "sender_name": sender_name(sender),
        "stop_url": relay_stop_url(email),
    }
    subject, text, html = email_render(event=event, context={**context, "relay": relay})
    email.subject, email.text_body, email.html_body = subject, text, html
    email.save(update_fields=["subject", "text_body", "html_body"])
    email_enqueue_on_commit(email_id=email.pk)
    return email


# --- "This was not expected": stop e-mail from that person to that address --------------------


@dataclass(frozen=True)
class StopRequest:
    sender: User
    address: str
    email_id: int | None
    subject: str


def relay_stop_url(email: OutgoingEmail) -> str:
    token = signing.dumps(
        {"e": email.pk, "s": email.sent_for_id, "a": email.to.strip().lower()}, salt=_SALT
    )
    return settings.SITE_URL + reverse("notifications:relay_stop", kwargs={"token": token})


def relay_stop_read(token: str) -> StopRequest:
    """What a stop link names (who asked, which address), or a `DomainError`."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        raise DomainError(STOP_NOT_VALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise DomainError(STOP_NOT_VALID)
    sender = User.objects.filter(pk=data["s"], is_active=True).first()
    if sender is None or not data.get("a"):
        raise DomainError(
            "This link no longer works: the account that asked Certify to write to you is "
            "closed, so no more e-mail comes on its behalf."
        )
    email_id = data.get("e")
    email = (
        OutgoingEmail.objects.filter(pk=email_id, sent_for=sender).first()
        if isinstance(email_id, int)
        else None
    )
    return StopRequest(
        sender=sender,
        address=str(data["a"]),
        email_id=email.pk if email else None,
        subject=email.subject if email else "",
    )


def relay_is_stopped(stop: StopRequest) -> bool:
    return RelayStop.objects.filter(address=stop.address, sender=stop.sender).exists()


def relay_stop(*, token: str) -> tuple[RelayStop, bool]:
    """The holder of a stop link says the e-mail was not expected: no more e-mail on that
    person's behalf to that address, and staff see the report. Doing it twice changes nothing
    more. Returns the stop and whether it is new."""
    stop = relay_stop_read(token)
    try:
        with transaction.atomic():
            row = RelayStop.objects.create(
                address=stop.address,
                sender=stop.sender,
                email_id=stop.email_id,
                subject=stop.subject[:300],
            )
            audit_record(
                actor=None,
                verb="email.relay_stopped",
                target=row,
                data={"sender": stop.sender.pk, "email": stop.email_id},
            )
    except IntegrityError:  # already stopped (or stopped at the same moment)
        return RelayStop.objects.get(address=stop.address, sender=stop.sender), False
    return row, True
