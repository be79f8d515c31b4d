"""A person's notices, e-mails and e-mail preferences, for their data export; closing
the account deletes them.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail


def _erase_notifications(user: User) -> None:
    OutgoingEmail.objects.filter(to=user.email).delete()
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()


@privacy_part("notifications", erase=_erase_notifications)
def _notifications(user: User) -> dict[str, Any]:
    return {
        "notifications": rows(Notification.objects.filter(recipient=user)),
        "emails": rows(OutgoingEmail.objects.filter(to=user.email)),
        "preferences": rows(EmailPreference.objects.filter(user=user)),
    }
