from datetime import date

from django.db.models import Q, QuerySet

from certify.core.models import AuditEvent


def audit_search(
    *,
    text: str = "",
    verb: str = "",
    actor: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail, newest first, filtered for staff."""
    qs = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if text:
        qs = qs.filter(
            Q(target_repr__icontains=text) | Q(reason__icontains=text) | Q(target_id=text)
        )
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor:
        qs = qs.filter(Q(actor__email__icontains=actor) | Q(actor__full_name__icontains=actor))
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    return qs
