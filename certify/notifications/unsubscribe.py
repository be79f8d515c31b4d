"""One-click unsubscribe (RFC 8058) from the e-mails a person may switch off.

Every e-mail of an optional kind (`Event.essential` is False: reminders, notices of shares)
carries `List-Unsubscribe: <https URL>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`,
and its footer links to the same URL. The URL names one account, one kind of e-mail and the
address it was sent to, signed with Django's `Signer` (its own salt, no timestamp): it is the
same every time it is made for them, so the footer (written when the notice is made) and the
header (added when the e-mail is sent) agree, and no row is needed to keep it. It does not
expire (RFC 8058 asks that it keep working); what ends it is the account or the address.

- A POST to it (the mail provider's one click, or the page's button) switches that kind off
  without signing in; doing it again changes nothing more. A change is audited.
- A GET only shows the page with that button: a mail scanner opening links switches nothing.
- It stops working when the account is closed or its address is no longer the one the e-mail
  went to. Essential e-mails (decisions, receipts, security notices) never carry it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from certify.accounts.api import has_proven_address
from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.notifications.events import EVENTS, Event
from certify.notifications.models import EmailPreference

_SALT = "certify.notifications.unsubscribe"
NOT_VALID = (
    "This link is not valid. Check that you copied all of it, or sign in and choose which "
    "e-mails you get on your e-mail preferences page."
)
NO_LONGER = (
    "This link no longer works: the account it was sent for is closed, or its e-mail address "
    "has changed since. Sign in to choose which e-mails you get."
)


@dataclass(frozen=True)
class Unsubscribe:
    user: User
    event: Event


def unsubscribe_url(*, user: User, event: str, address: str) -> str:
    """The one-click address for `user` to stop e-mails of kind `event` sent to `address`
    (an https URL when `SITE_URL` is served over https, as in production)."""
    data = {"u": user.pk, "k": event, "a": address.strip().lower()}
    token = signing.Signer(salt=_SALT).sign_object(data, compress=True)
    return settings.SITE_URL + reverse("notifications:unsubscribe", kwargs={"token": token})


def unsubscribe_headers(*, user: User, event: str, address: str) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers of an e-mail of kind `event`; none for essential kinds."""
    spec = EVENTS.get(event)
    if spec is None or spec.essential:
        return {}
    url = unsubscribe_url(user=user, event=event, address=address)
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_read(token: str) -> Unsubscribe:
    """Whose e-mail of which kind a link stops, or a `DomainError` in the reader's words."""
    try:
        data = signing.Signer(salt=_SALT).unsign_object(token)
    except signing.BadSignature:
        raise DomainError(NOT_VALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise DomainError(NOT_VALID)
    spec = EVENTS.get(str(data.get("k")))
    if spec is None or spec.essential:
        raise DomainError(NOT_VALID)
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    address = str(data.get("a") or "")
    # Sent to the account's address or to another it confirmed (a notice about an address it
    # confirmed goes there: ADR 0025); an address it no longer has stops nothing of its own.
    if user is None or not (
        (user.email or "").strip().lower() == address or has_proven_address(user, address)
    ):
        raise DomainError(NO_LONGER)
    return Unsubscribe(user=user, event=spec)


def is_unsubscribed(found: Unsubscribe) -> bool:
    return EmailPreference.objects.filter(
        user=found.user, event=found.event.key, enabled=False
    ).exists()


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Unsubscribe, bool]:
    """Switch off the kind of e-mail the link names (RFC 8058 one-click, no session). Returns
    what was switched off and whether it was on until now; a replay changes and records
    nothing more."""
    found = unsubscribe_read(token)
    list(User.objects.select_for_update().filter(pk=found.user.pk).values_list("pk", flat=True))
    changed = EmailPreference.objects.filter(
        user=found.user, event=found.event.key, enabled=True
    ).update(enabled=False)
    if not changed:
        _, changed = EmailPreference.objects.get_or_create(
            user=found.user, event=found.event.key, defaults={"enabled": False}
        )
    if changed:
        audit_record(
            actor=None,
            verb="email.unsubscribed",
            target=found.user,
            data={"event": found.event.key, "by": "one-click link"},
        )
    return found, bool(changed)
