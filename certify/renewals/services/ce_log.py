"""The continuing-education log: a certificate holder's activities, added, changed and removed."""

import functools
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from certify.accounts.models import User
from certify.certificates.api import program_today
from certify.certificates.models import Certificate
from certify.core.errors import DomainError
from certify.core.locking import name_lock, row_lock
from certify.core.names import fold
from certify.core.services import audit_record
from certify.core.storage import upload_store
from certify.core.undo import purge_before, require_undoable
from certify.core.uploads import check_upload
from certify.programs.models import CompetencySet, Program
from certify.renewals import selectors
from certify.renewals.models import CeActivity, Renewal

MAX_AMOUNT = Decimal("999")


# What a value left out is called: the page's form uses the same words for its empty fields, and
# the API passes empty values on to the service, so both doors refuse them alike.
ACTIVITY_REQUIRED: dict[str, str] = {
    "title": "Give the activity's title.",
    "provider": "Say who offered it (a college, association, employer…).",
    "completed_on": "Give the date you completed it.",
    "amount": "Enter the amount as a number, e.g. 3 or 1.5.",
}


def _clean_activity(
    *,
    holder: User,
    program: Program,
    title: str,
    provider: str,
    completed_on: date | None,
    format: str,
    amount: Any,
    set_ids: list[int],
    today: date,
) -> tuple[str, str, date, str, Decimal, list[CompetencySet]]:
    title, provider = (title or "").strip(), (provider or "").strip()
    if not title:
        raise DomainError(ACTIVITY_REQUIRED["title"], field="title")
    if len(title) > 200:
        raise DomainError("Keep the title under 200 characters.", field="title")
    if not provider:
        raise DomainError(ACTIVITY_REQUIRED["provider"], field="provider")
    if len(provider) > 200:
        raise DomainError("Keep the provider under 200 characters.", field="provider")
    if completed_on is None:
        raise DomainError(ACTIVITY_REQUIRED["completed_on"], field="completed_on")
    if completed_on > today:
        raise DomainError("Record an activity once you have completed it.", field="completed_on")
    if format not in CeActivity.Format.values:
        raise DomainError(
            "Choose the unit: contact hours, semester or quarter credits, or conference days.",
            field="format",
        )
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise DomainError(ACTIVITY_REQUIRED["amount"], field="amount") from None
    if not value.is_finite() or value <= 0:
        raise DomainError("Enter an amount greater than zero.", field="amount")
    if value > MAX_AMOUNT or value != value.quantize(Decimal("0.01")):
        raise DomainError(
            "Enter an amount up to 999 with at most two decimals, e.g. 1.5.", field="amount"
        )
    sets = list(selectors.holder_sets(holder=holder, program=program).filter(pk__in=set_ids))
    if len(sets) != len(set(set_ids)):
        raise DomainError(
            f"Choose competency sets of the {program.short_name} program.", field="competency_sets"
        )
    return title, provider, completed_on, format, value, sets


def _require_once(
    holder: User,
    program: Program,
    title: str,
    provider: str,
    completed_on: date,
    *,
    activity: CeActivity | None = None,
) -> None:
    """An activity counts once: refuse another with the same title and provider (case, accents and
    spaces aside) on the same day in the holder's log (a double click, a second tab, the same course
    typed again would count its hours twice). Under a lock on the holder's log, so two requests at
    once cannot both pass."""
    name_lock(f"renewals.ce_log:{holder.pk}")
    same = CeActivity.objects.filter(holder=holder, program=program, completed_on=completed_on)
    if activity is not None:
        same = same.exclude(pk=activity.pk)
    for title_seen, provider_seen in same.values_list("title", "provider"):
        if (fold(title_seen), fold(provider_seen)) == (fold(title), fold(provider)):
            raise DomainError(
                f"You already recorded “{title_seen}” from {provider_seen} on "
                f"{completed_on:%B %-d, %Y}: an activity counts once. If this is another one, "
                "give it a title that tells them apart (for example “part 2”).",
                field="title",
            )


def _store_evidence(activity: CeActivity, upload: UploadedFile) -> None:
    """Checked by its content (the portfolios' rule), stored privately under a random name."""
    try:
        checked = check_upload(upload)
    except DomainError as error:
        raise DomainError(error.message, field="evidence") from None
    activity.evidence_name = (upload.name or "")[:255]
    activity.evidence_content_type = checked.content_type
    activity.evidence_extension = checked.extension
    activity.evidence_size = checked.size
    upload_store(activity.evidence, upload, field="evidence")


def _save_keeping_no_stray_file(activity: CeActivity, *, stored: bool) -> None:
    """Save the row; if that fails, the file just stored goes too (the other way round, storage
    failing first, the row is never saved)."""
    try:
        activity.save()
    except Exception:
        if stored:
            activity.evidence.delete(save=False)
        raise


def _require_holder(actor: User, program: Program | None = None) -> Certificate:
    certificate = selectors.certificate_current_for(holder=actor, program=program)
    if certificate is None:
        raise DomainError("You hold no certificate to renew, so there is no log to add to.")
    return certificate


@transaction.atomic
def ce_activity_create(
    *,
    actor: User,
    title: str,
    provider: str,
    completed_on: date | None,
    format: str,
    amount: Any,
    set_ids: list[int] | None = None,
    evidence: UploadedFile | None = None,
    today: date | None = None,
    program: Program | None = None,
) -> CeActivity:
    """The holder records an activity toward renewing their current certificate (of `program`,
    for a holder of certificates of several programs; else the newest)."""
    certificate = _require_holder(actor, program)
    program = certificate.program
    title, provider, completed_on, format, value, sets = _clean_activity(
        holder=actor,
        program=program,
        title=title,
        provider=provider,
        completed_on=completed_on,
        format=format,
        amount=amount,
        set_ids=set_ids or [],
        today=today or program_today(program),
    )
    _require_once(actor, program, title, provider, completed_on)
    activity = CeActivity(
        holder=actor,
        program=program,
        title=title,
        provider=provider,
        completed_on=completed_on,
        format=format,
        amount=value,
    )
    if evidence is not None:
        _store_evidence(activity, evidence)
    _save_keeping_no_stray_file(activity, stored=evidence is not None)
    activity.competency_sets.set(sets)
    audit_record(actor=actor, verb="ce.recorded", target=activity, data={"hours": str(value)})
    return activity


def _require_editable(activity: CeActivity, actor: User) -> None:
    if activity.holder_id != actor.pk:
        raise DomainError("You can only change your own activities.")
    locked = activity.renewals.filter(
        status__in=[Renewal.Status.SUBMITTED, Renewal.Status.IN_AUDIT, Renewal.Status.APPROVED]
    ).first()
    if locked is not None:
        raise DomainError(
            "This activity is part of your renewal application "
            f"(“{locked.get_status_display().lower()}”), so it can no longer change."
        )


@transaction.atomic
def ce_activity_update(
    *,
    activity: CeActivity,
    actor: User,
    title: str,
    provider: str,
    completed_on: date | None,
    format: str,
    amount: Any,
    set_ids: list[int] | None = None,
    evidence: UploadedFile | None = None,
    today: date | None = None,
) -> CeActivity:
    activity = row_lock(activity, "program")
    _require_editable(activity, actor)
    title, provider, completed_on, format, value, sets = _clean_activity(
        holder=actor,
        program=activity.program,
        title=title,
        provider=provider,
        completed_on=completed_on,
        format=format,
        amount=amount,
        set_ids=set_ids or [],
        today=today or program_today(activity.program),
    )
    _require_once(actor, activity.program, title, provider, completed_on, activity=activity)
    old_file = activity.evidence.name if evidence is not None and activity.evidence else ""
    activity.title, activity.provider, activity.completed_on = title, provider, completed_on
    activity.format, activity.amount = format, value
    if evidence is not None:
        _store_evidence(activity, evidence)
    _save_keeping_no_stray_file(activity, stored=evidence is not None)
    activity.competency_sets.set(sets)
    if old_file:
        storage = activity.evidence.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(actor=actor, verb="ce.changed", target=activity, data={"hours": str(value)})
    return activity


@transaction.atomic
def ce_activity_delete(*, activity: CeActivity, actor: User) -> None:
    """Remove an activity from the log. It is kept, hidden, for `UNDO_WINDOW` so its holder can
    put it back (`ce_activity_restore`); the daily purge deletes it and its file after that."""
    activity = CeActivity.objects.select_for_update().get(pk=activity.pk)
    _require_editable(activity, actor)
    audit_record(actor=actor, verb="ce.removed", target=activity, data={"title": activity.title})
    activity.removed_at = timezone.now()
    activity.save(update_fields=["removed_at"])


@transaction.atomic
def ce_activity_restore(*, activity_id: int, actor: User) -> CeActivity:
    """Undo a removal: only its holder, only within `UNDO_WINDOW`, and only while no renewal
    application is waiting or was made since (the log was still a draft)."""
    activity = (
        CeActivity.with_removed.select_for_update().filter(pk=activity_id, holder=actor).first()
    )
    if activity is None:
        raise DomainError("There is nothing to undo: this activity is not in your log.")
    require_undoable(activity.removed_at, what="this activity")
    _require_editable(activity, actor)
    _require_once(
        actor,
        activity.program,
        activity.title,
        activity.provider,
        activity.completed_on,
        activity=activity,
    )
    applied = Renewal.objects.filter(holder=actor, program_id=activity.program_id).filter(
        Q(status__in=[Renewal.Status.SUBMITTED, Renewal.Status.IN_AUDIT])
        | Q(submitted_at__gte=activity.removed_at)
    )
    if applied.exists():
        raise DomainError(
            "It is too late to undo: you applied to renew after removing this activity. "
            "Record it again if you need it."
        )
    activity.removed_at = None
    activity.save(update_fields=["removed_at"])
    audit_record(actor=actor, verb="ce.restored", target=activity, data={"title": activity.title})
    return activity


def ce_activities_removed_purge() -> int:
    """Delete for good the activities removed longer ago than the undo allows, and their files
    (a daily job)."""
    storage = CeActivity._meta.get_field("evidence").storage  # type: ignore[attr-defined]
    purged = 0
    for activity in CeActivity.with_removed.filter(removed_at__lt=purge_before()):
        old_file = activity.evidence.name if activity.evidence else ""
        with transaction.atomic():
            activity.delete()
            if old_file:
                transaction.on_commit(functools.partial(storage.delete, old_file))
        purged += 1
    return purged
