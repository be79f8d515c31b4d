"""A person's notices, e-mails and e-mail preferences, the e-mails Certify sent on their behalf
to others (a supervisor, an attester, an invitation: ADR 0029) and the stops of such e-mail, for
their data export; closing the account deletes them (the audit trail keeps that a stop happened).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail, RelayStop


def _erase_notifications(user: User) -> None:
    OutgoingEmail.objects.filter(to=user.email).delete()
    OutgoingEmail.objects.filter(sent_for=user).delete()
    RelayStop.objects.filter(sender=user).delete()
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()


@privacy_part("notifications", erase=_erase_notifications)
def _notifications(user: User) -> dict[str, Any]:
    return {
        "notifications": rows(Notification.objects.filter(recipient=user)),
        "emails": rows(OutgoingEmail.objects.filter(to=user.email)),
        "emails_sent_on_your_behalf": rows(
            OutgoingEmail.objects.filter(sent_for=user).exclude(to=user.email)
        ),
        "preferences": rows(EmailPreference.objects.filter(user=user)),
        "stops_of_email_on_your_behalf": rows(RelayStop.objects.filter(sender=user)),
        "stops_you_asked_for": rows(RelayStop.objects.filter(address=user.email.lower())),
    }
