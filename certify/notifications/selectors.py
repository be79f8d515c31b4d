from django.db.models import Count, Min, QuerySet

from certify.accounts.api import Waiting
from certify.accounts.models import User
from certify.notifications.models import Notification, OutgoingEmail, RelayStop


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def outgoing_email_list(*, status: str = "") -> QuerySet[OutgoingEmail]:
    qs = OutgoingEmail.objects.order_by("-created_at", "-id")
    return qs.filter(status=status) if status else qs


def outgoing_email_counts() -> dict[str, int]:
    rows = OutgoingEmail.objects.values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def emails_failed() -> Waiting:
    """For the staff home: e-mails that failed for good (the delivery page's "failed" filter)
    and the oldest one's creation (one query). An e-mail is the site's, of no program: no zone
    (the staff home counts its days in every program's zone when they share one, else the
    site's)."""
    found = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    return Waiting(found["n"], found["oldest"])


def relay_stop_list() -> QuerySet[RelayStop]:
    """Reports of unexpected e-mail, newest first, with the person it was sent for."""
    return RelayStop.objects.select_related("sender").order_by("-created_at", "-id")
