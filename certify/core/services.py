from collections.abc import Iterable
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
        _target_set(event, target)
    event.save()
    return event


def audit_record_each(
    *, actor: Any, verb: str, targets: Iterable[tuple[models.Model, dict[str, Any]]]
) -> list[AuditEvent]:
    """One row per (target, data) in the audit trail, written in one query: `audit_record` for
    things made together (a certificate's set credentials). The targets are saved already."""
    events = []
    for target, data in targets:
        event = AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None, verb=verb, data=data
        )
        _target_set(event, target)
        events.append(event)
    return AuditEvent.objects.bulk_create(events)


def _target_set(event: AuditEvent, target: models.Model) -> None:
    event.target_type = target._meta.label_lower
    event.target_id = str(target.pk)
    event.target_repr = str(target)[:200]
