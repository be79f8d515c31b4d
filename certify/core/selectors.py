from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from certify.core.models import AuditEvent


def audit_search(
    *,
    text: str = "",
    verb: str = "",
    actor: str = "",
    since: date | None = None,
    until: date | None = None,
    zone: tzinfo | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail, newest first, filtered for staff. `since` and `until` are days in `zone`
    (the page's time zone, `core.zones`; the current one when not given), both included."""
    qs = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if text:
        qs = qs.filter(
            Q(target_repr__icontains=text) | Q(reason__icontains=text) | Q(target_id=text)
        )
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor:
        qs = qs.filter(Q(actor__email__icontains=actor) | Q(actor__full_name__icontains=actor))
    zone = zone or timezone.get_current_timezone()
    if since:
        qs = qs.filter(created_at__gte=_day_start(since, zone))
    if until:
        qs = qs.filter(created_at__lt=_day_start(until + timedelta(days=1), zone))
    return qs


def _day_start(day: date, zone: tzinfo) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), zone)
