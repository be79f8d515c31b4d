from typing import Any

from django.db import models

from certify.core.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one row to the audit trail. `actor` is a user, or None for the system."""
    event = AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        reason=reason,
        data=data or {},
    )
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:200]
    event.save()
    return event
