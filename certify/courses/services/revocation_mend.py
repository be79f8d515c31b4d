"""Providers revoked before a revocation ended their courses under first review (ADR 0009).

Until 2026-12-06, revoking a provider left each course waiting for its first approval (submitted
or returned) under review, its fee invoice open or paid: a fee for an evaluation that will never
come. `first_reviews_of_revoked_providers_end` applies today's consequences to such a provider,
as its revocation would now: each such course is revoked (the course workflow's move, audited),
what was still owed on its fee voided with a credit note and what was paid refunded, by the
staff member who revoked the provider and for their reason (the audit row of the revocation),
and the provider is told once, naming each course and its fee. It runs after every `migrate`
that leaves the database at the newest migrations (`after_migrate`, connected in the app's
`ready`), against today's schema: a data migration would run today's services against the tables
of its own day, and break once a later migration adds a column they read. Run again, it finds
nothing (one query): a course it revoked is no longer under review.

A provider whose revoker cannot make the course's move now (they act for the provider since, or
wrote the course) is left as it was, with the words why, for staff to end by hand.
"""

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.courses.models import Course, Provider
from certify.courses.services.approval_stops import provider_first_reviews_end


@dataclass
class Mended:
    """What the mend did: the providers whose courses it ended, and those it left (why)."""

    # "<name> (provider <id>)" -> the titles of the courses ended, or why it was left
    ended: dict[str, list[str]] = field(default_factory=dict)
    left: dict[str, str] = field(default_factory=dict)


def _revoked_with_first_reviews() -> list[int]:
    return list(
        Provider.objects.filter(
            status=Provider.Status.REVOKED,
            courses__status__in=[Course.Status.SUBMITTED, Course.Status.RETURNED],
            courses__first_approved_on__isnull=True,
        )
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()
    )


def _revocation(provider: Provider) -> AuditEvent | None:
    """The audit row of the provider's (latest) revocation: who revoked it, and why."""
    return (
        AuditEvent.objects.filter(
            verb="provider.revoked",
            target_type=Provider._meta.label_lower,
            target_id=str(provider.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )


def first_reviews_of_revoked_providers_end() -> Mended:
    """End the first reviews that revoked providers still have, one provider per transaction."""
    mended = Mended()
    for pk in _revoked_with_first_reviews():
        try:
            with transaction.atomic():
                provider = Provider.objects.select_for_update().get(pk=pk)
                revocation = _revocation(provider)
                if revocation is None or revocation.actor is None:
                    raise DomainError("Nobody is recorded as having revoked it.")
                ended = provider_first_reviews_end(
                    provider=provider, actor=revocation.actor, reason=revocation.reason
                )
        except DomainError as refused:
            mended.left[f"{provider.name} (provider {pk})"] = refused.message
            continue
        if ended:
            mended.ended[f"{provider.name} (provider {pk})"] = ended
    return mended


def _at_newest_migrations(using: str) -> bool:
    """Whether every migration is applied (a `migrate` to an older one leaves tables that
    today's models would not find)."""
    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def after_migrate(
    sender: object,
    *,
    using: str = DEFAULT_DB_ALIAS,
    verbosity: int = 1,
    plan: object = None,
    **_: object,
) -> None:
    """`post_migrate` of the courses app: mend what revoked providers still have under first
    review, saying what it did (and what it left for staff) in `migrate`'s output. Not after
    `flush` (no plan) and not on a database left short of the newest migrations."""
    if plan is None or using != DEFAULT_DB_ALIAS or not _at_newest_migrations(using):
        return
    mended = first_reviews_of_revoked_providers_end()
    if verbosity < 1:
        return
    for name, titles in mended.ended.items():
        print(f"  Revoked with {name}: {', '.join(titles)}")
    for name, why in mended.left.items():
        print(f"  {name}: its courses under first review are left for staff to end: {why}")
