"""A person's notices, e-mails and e-mail preferences, the e-mails Certify sent on their behalf
to others (a supervisor, an attester, an invitation: ADR 0029) and the stops of such e-mail, for
their data export; closing the account deletes them (the audit trail keeps that a stop happened).
What was sent to the person is found by every address they confirmed, never by one only added to
the account, which may be anyone's (ADR 0025). The stops they asked for stay when they close the
account: erasing one would start again the e-mail they stopped (ADR 0016).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, reverse

from certify.accounts.api import privacy_part, proven_addresses_of, rows
from certify.accounts.models import User
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail, RelayStop


def _to_them(user: User) -> Q:
    """E-mails to an address the person confirmed, any of theirs (`to` keeps the case it was
    typed in), and those carrying one of their own notices. Not the account's `email` field: an
    address added and never confirmed, or typed in the program settings, may be another
    person's, whose e-mails would be in this download and deleted with this account."""
    confirmed = OutgoingEmail.objects.annotate(to_lower=Lower("to")).filter(
        to_lower__in=proven_addresses_of(user)
    )
    return Q(pk__in=confirmed.values("pk")) | Q(notification__recipient=user)


def _erase_notifications(user: User) -> None:
    # Before the notifications: an e-mail of one would otherwise lose its link to the person.
    OutgoingEmail.objects.filter(_to_them(user)).delete()
    OutgoingEmail.objects.filter(sent_for=user).delete()
    RelayStop.objects.filter(sender=user).delete()
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()


# The pages a link e-mailed on someone's behalf opens: the link is the recipient's to answer (a
# supervisor's confirmation, an attestation, an invitation, stopping the e-mail), never the
# sender's. Named, not imported: the apps that own them sit above this one.
RECIPIENT_LINKS = (
    "applications:supervisor",
    "portfolios:attest",
    "accounts:invitation_link",
    "notifications:relay_stop",
)
LINK_REMOVED = "[the link is for the recipient only]"


@cache
def _recipient_link() -> re.Pattern[str]:
    prefixes = []
    for name in RECIPIENT_LINKS:
        try:
            prefixes.append(reverse(name, kwargs={"token": "T"}).rsplit("T", 1)[0])
        except NoReverseMatch:  # an app not installed here
            continue
    paths = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"(?:https?://[^\s\"'<>/]+)?(?:{paths})[^\s\"'<>]*")


def _without_recipient_links(emails: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """E-mails sent on the person's behalf as they went, except the recipient's links: from a
    data download a candidate could otherwise confirm their own hours or attest their own
    work (the product's rule "evidence means what it says")."""
    pattern = _recipient_link()
    for email in emails:
        for field in ("text_body", "html_body"):
            if email.get(field):
                email[field] = pattern.sub(LINK_REMOVED, email[field])
    return emails


@privacy_part("notifications", erase=_erase_notifications)
def _notifications(user: User) -> dict[str, Any]:
    return {
        "notifications": rows(Notification.objects.filter(recipient=user)),
        "emails": rows(OutgoingEmail.objects.filter(_to_them(user))),
        "emails_sent_on_your_behalf": _without_recipient_links(
            rows(OutgoingEmail.objects.filter(sent_for=user).exclude(_to_them(user)))
        ),
        "preferences": rows(EmailPreference.objects.filter(user=user)),
        "stops_of_email_on_your_behalf": rows(RelayStop.objects.filter(sender=user)),
        "stops_you_asked_for": rows(
            RelayStop.objects.filter(address__in=proven_addresses_of(user))
        ),
    }
