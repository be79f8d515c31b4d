"""Writes for renewals: the continuing-education log, renewal applications and their decisions,
reinstatement of lapsed certificates, and the reminders."""

import hashlib
import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.certificates.api import certificate_issue_renewal, certificate_replace
from certify.certificates.models import Certificate
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.uploads import check_upload
from certify.core.workflow import SYSTEM, check, transition
from certify.notifications.api import notify
from certify.payments.api import invoice_is_settled, renewal_invoice_create
from certify.programs.models import CompetencySet, Program
from certify.renewals import selectors, workflow
from certify.renewals.lifecycle import (
    REMINDER_MONTHS,
    Phase,
    add_months,
    lapse_notice_due,
    reminder_due,
    renewal_expiry,
)
from certify.renewals.models import CeActivity, Reinstatement, Renewal, RenewalTransition
from certify.scholarships.api import renewal_awards_credit

MAX_AMOUNT = Decimal("999")


def _link() -> str:
    return reverse("renewals:home")


# --- The continuing-education log ---------------------------------------------------------------


def _clean_activity(
    *,
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
        raise DomainError("Give the activity's title.", field="title")
    if len(title) > 200:
        raise DomainError("Keep the title under 200 characters.", field="title")
    if not provider:
        raise DomainError(
            "Say who offered it (a college, association, employer…).", field="provider"
        )
    if len(provider) > 200:
        raise DomainError("Keep the provider under 200 characters.", field="provider")
    if completed_on is None:
        raise DomainError("Give the date you completed it.", field="completed_on")
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
        raise DomainError("Enter the amount as a number, e.g. 3 or 1.5.", field="amount") from None
    if not value.is_finite() or value <= 0:
        raise DomainError("Enter an amount greater than zero.", field="amount")
    if value > MAX_AMOUNT or value != value.quantize(Decimal("0.01")):
        raise DomainError(
            "Enter an amount up to 999 with at most two decimals, e.g. 1.5.", field="amount"
        )
    sets = list(CompetencySet.objects.filter(program=program, pk__in=set_ids))
    if len(sets) != len(set(set_ids)):
        raise DomainError(
            f"Choose competency sets of the {program.short_name} program.", field="competency_sets"
        )
    return title, provider, completed_on, format, value, sets


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
    activity.evidence.save("evidence", upload, save=False)


def _require_holder(actor: User) -> Certificate:
    certificate = selectors.certificate_current_for(holder=actor)
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
) -> CeActivity:
    """The holder records an activity toward renewing their current certificate."""
    certificate = _require_holder(actor)
    program = certificate.program
    title, provider, completed_on, format, value, sets = _clean_activity(
        program=program,
        title=title,
        provider=provider,
        completed_on=completed_on,
        format=format,
        amount=amount,
        set_ids=set_ids or [],
        today=today or timezone.localdate(),
    )
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
    activity.save()
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
    activity = CeActivity.objects.select_for_update().select_related("program").get(pk=activity.pk)
    _require_editable(activity, actor)
    title, provider, completed_on, format, value, sets = _clean_activity(
        program=activity.program,
        title=title,
        provider=provider,
        completed_on=completed_on,
        format=format,
        amount=amount,
        set_ids=set_ids or [],
        today=today or timezone.localdate(),
    )
    old_file = activity.evidence.name if evidence is not None and activity.evidence else ""
    activity.title, activity.provider, activity.completed_on = title, provider, completed_on
    activity.format, activity.amount = format, value
    if evidence is not None:
        _store_evidence(activity, evidence)
    activity.save()
    activity.competency_sets.set(sets)
    if old_file:
        storage = activity.evidence.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(actor=actor, verb="ce.changed", target=activity, data={"hours": str(value)})
    return activity


@transaction.atomic
def ce_activity_delete(*, activity: CeActivity, actor: User) -> None:
    activity = CeActivity.objects.select_for_update().get(pk=activity.pk)
    _require_editable(activity, actor)
    old_file = activity.evidence.name if activity.evidence else ""
    audit_record(actor=actor, verb="ce.removed", target=activity, data={"title": activity.title})
    activity.delete()
    if old_file:
        storage = CeActivity._meta.get_field("evidence").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(old_file))


# --- Renewal applications -----------------------------------------------------------------------


def audit_roll(*, seed: str, certificate_number: str) -> int:
    """A number from 0 to 9999 that anyone can recompute from the stored seed."""
    digest = hashlib.sha256(f"{seed}:{certificate_number}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10000


def _move(renewal: Renewal, name: str, *, actor: Any, reason: str = "") -> None:
    """One move of the renewal workflow (`certify/renewals/workflow.py`); decisions (by staff,
    or the approval once paid) are stamped with who and when."""
    reason = reason.strip()
    renewal.status_reason = reason
    if name not in ("send_to_audit", "resubmit"):
        renewal.decided_at = timezone.now()
        renewal.decided_by = actor if getattr(actor, "pk", None) else None
    transition(
        renewal, name, actor=actor, reason=reason, data={"certificate": renewal.certificate.number}
    )


def _locked(renewal: Renewal) -> Renewal:
    return (
        Renewal.objects.select_for_update()
        .select_related("certificate__program", "certificate__holder", "program", "holder")
        .get(pk=renewal.pk)
    )


@transaction.atomic
def renewal_submit(
    *, certificate: Certificate, actor: User, today: date | None = None, seed: str | None = None
) -> Renewal:
    """The holder applies to renew: renewal open, requirement met, none already under way.

    The share of renewals the program audits is drawn here (the seed is stored, so the draw can
    be re-checked), and the renewal fee is invoiced with any renewal scholarship credited."""
    today = today or timezone.localdate()
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("program", "holder")
        .get(pk=certificate.pk)
    )
    if certificate.holder_id != actor.pk:
        raise DomainError("Only the holder can apply to renew a certificate.")
    program = certificate.program
    cycle = selectors.certificate_lifecycle(certificate=certificate, today=today)
    if cycle is None or not cycle.renewable:
        if cycle is not None and cycle.phase == Phase.VALID:
            raise DomainError(
                f"Renewal opens on {cycle.window_opens_on:%-d %B %Y}, "
                f"{program.renewal_window_months} months before your certificate expires."
            )
        label = cycle.label.lower() if cycle else "not issued"
        raise DomainError(f"This certificate is {label}: it cannot be renewed now.")
    existing = selectors.renewal_live_for(certificate=certificate)
    if existing is not None:
        raise DomainError(
            f"You already applied to renew this certificate "
            f"(“{existing.get_status_display().lower()}”)."
        )
    activities = list(selectors.ce_activity_list(holder=actor, program=program))
    progress = selectors.ce_progress(certificate=certificate, activities=activities, today=today)
    if not progress.met:
        raise DomainError(f"Not yet: {progress.summary}. {progress.next_step}")
    seed = seed or secrets.token_hex(16)
    roll = audit_roll(seed=seed, certificate_number=certificate.number or "")
    try:
        with transaction.atomic():
            renewal = Renewal.objects.create(
                certificate=certificate,
                holder=actor,
                program=program,
                hours_total=progress.total,
                hours_technology=progress.technology,
                audit_percent=program.renewal_audit_percent,
                audit_seed=seed,
                audit_roll=roll,
                audited=roll < program.renewal_audit_percent * 100,
            )
    except IntegrityError:
        raise DomainError("You already applied to renew this certificate.") from None
    in_period = [
        a for a in activities if progress.period_start <= a.completed_on <= progress.period_end
    ]
    renewal.activities.set(in_period)
    RenewalTransition.objects.create(
        renewal=renewal, from_status="", to_status=renewal.status, actor=actor
    )
    renewal.invoice = renewal_invoice_create(
        user=actor, program=program, actor=actor, subject=f"certificate:{certificate.pk}"
    )
    renewal.save(update_fields=["invoice", "updated_at"])
    audit_record(
        actor=actor,
        verb="renewal.submitted",
        target=renewal,
        data={
            "certificate": certificate.number,
            "hours": str(progress.total),
            "technology_hours": str(progress.technology),
            "audit_seed": seed,
            "audit_roll": roll,
            "audit_percent": renewal.audit_percent,
            "audited": renewal.audited,
            "invoice": renewal.invoice.code,
        },
    )
    renewal_awards_credit(user=actor)
    return renewal_sync(renewal=renewal, today=today)


def _approve(renewal: Renewal, *, actor: Any, move: str, today: date) -> None:
    """Issue the new certificate and replace the old one: exactly once (the renewal's row is
    locked by the caller, and `new_certificate` is set in the same transaction)."""
    if renewal.new_certificate_id is not None:
        return
    check(renewal, move, actor=actor)  # before the new certificate is signed
    old = renewal.certificate
    new = certificate_issue_renewal(
        previous=old,
        expires_on=renewal_expiry(
            previous_expires_on=cast(date, old.expires_on),
            validity_years=renewal.program.certificate_validity_years,
        ),
        actor=actor,
        on=today if today != timezone.localdate() else None,
    )
    certificate_replace(certificate=old, replacement=new, actor=actor)
    renewal.new_certificate = new
    _move(renewal, move, actor=actor)


@transaction.atomic
def renewal_sync(*, renewal: Renewal, today: date | None = None) -> Renewal:
    """Move a renewal on once its fee is settled: to the evidence check when it was drawn for
    audit, else approved (the new certificate is issued). Safe to repeat, at the same moment
    too."""
    today = today or timezone.localdate()
    renewal = _locked(renewal)
    if renewal.status != Renewal.Status.SUBMITTED or renewal.invoice is None:
        return renewal
    if not invoice_is_settled(invoice=renewal.invoice):
        return renewal
    if renewal.audited:
        _move(renewal, "send_to_audit", actor=SYSTEM)
    else:
        _approve(renewal, actor=SYSTEM, move="approve_paid", today=today)
    return renewal


def _tell(renewal: Renewal, event: str, **context: Any) -> None:
    notify(
        recipient=renewal.holder,
        event=event,
        context={
            "program": renewal.program,
            "certificate_number": renewal.certificate.number,
            "status": renewal.get_status_display(),
            "reason": renewal.status_reason,
            **context,
        },
        link=_link(),
    )


@transaction.atomic
def renewal_decide(
    *, renewal: Renewal, actor: User, action: str, reason: str = "", today: date | None = None
) -> Renewal:
    """Staff decide an audited renewal: approve, ask for more evidence, or refuse (with a
    reason for the last two)."""
    if action not in workflow.ACTION_LABELS:
        raise DomainError("Choose approve, ask for more evidence, or refuse.", field="action")
    renewal = _locked(renewal)
    if action == "approve":
        _approve(renewal, actor=actor, move="approve", today=today or timezone.localdate())
        return renewal
    _move(renewal, action, actor=actor, reason=reason)
    _tell(renewal, "renewal.decided")
    return renewal


@transaction.atomic
def renewal_resubmit(*, renewal: Renewal, actor: User, today: date | None = None) -> Renewal:
    """The holder sends the renewal back to staff after adding the evidence they asked for."""
    renewal = _locked(renewal)
    if renewal.holder_id != actor.pk:  # before the holder's CE log is read
        raise DomainError("Only the holder can send their renewal back.")
    today = today or timezone.localdate()
    activities = list(selectors.ce_activity_list(holder=actor, program=renewal.program))
    progress = selectors.ce_progress(
        certificate=renewal.certificate, activities=activities, today=today
    )
    if not progress.met:
        raise DomainError(f"Not yet: {progress.summary}. {progress.next_step}")
    _move(renewal, "resubmit", actor=actor)
    renewal.hours_total, renewal.hours_technology = progress.total, progress.technology
    renewal.save(update_fields=["hours_total", "hours_technology", "updated_at"])
    renewal.activities.set(
        [a for a in activities if progress.period_start <= a.completed_on <= progress.period_end]
    )
    return renewal


# --- Reinstatement ------------------------------------------------------------------------------


@transaction.atomic
def certificate_reinstate_lapsed(
    *,
    certificate: Certificate,
    actor: User,
    reason: str,
    renew_by: date | None,
    today: date | None = None,
) -> Reinstatement:
    """Staff reopen renewal of a lapsed certificate until `renew_by`, for a reason the holder
    reads. The certificate stays expired until it is renewed."""
    require_role(actor, Role.PROGRAM_STAFF, to="reopen renewal of a lapsed certificate")
    today = today or timezone.localdate()
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("program", "holder")
        .get(pk=certificate.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "Give a reason: it is kept in the record and the holder reads it.", field="reason"
        )
    if renew_by is None:
        raise DomainError("Choose the last day the holder may apply to renew.", field="renew_by")
    if renew_by <= today:
        raise DomainError("The last day to renew must be after today.", field="renew_by")
    cycle = selectors.certificate_lifecycle(certificate=certificate, today=today)
    if cycle is None or cycle.phase != Phase.LAPSED:
        label = cycle.label.lower() if cycle else "not issued"
        raise DomainError(f"Only a lapsed certificate can be reinstated; this one is {label}.")
    reinstatement = Reinstatement.objects.create(
        certificate=certificate, renew_by=renew_by, reason=reason, decided_by=actor
    )
    audit_record(
        actor=actor,
        verb="certificate.reinstated_for_renewal",
        target=certificate,
        reason=reason,
        data={"number": certificate.number, "renew_by": renew_by.isoformat()},
    )
    notify(
        recipient=certificate.holder,
        event="renewal.reinstated",
        context={
            "program": certificate.program,
            "certificate_number": certificate.number,
            "renew_by": renew_by,
            "reason": reason,
        },
        link=_link(),
    )
    return reinstatement


# --- Reminders (the daily job) ------------------------------------------------------------------


def reminders_send(*, today: date) -> tuple[int, int]:
    """Reminders at 12, 6, 3 and 1 months before expiry and a notice at lapse, each once.

    Only the latest milestone reached is sent (a scheduler that missed days still sends it; one
    that starts long after a milestone never sends it); the lapse notice goes out within 30 days
    of the lapse. Certificates with a renewal under way or done get none."""
    latest = add_months(today, max(REMINDER_MONTHS))
    longest_grace = max([p.renewal_grace_months for p in Program.objects.all()] or [0])
    earliest = add_months(today - timedelta(days=31), -longest_grace) - timedelta(days=31)
    certificates = (
        Certificate.objects.filter(
            status=Certificate.Status.VALID, expires_on__gte=earliest, expires_on__lte=latest
        )
        .exclude(renewals__status__in=[*Renewal.OPEN, Renewal.Status.APPROVED])
        .select_related("program", "holder")
        .order_by("id")
    )
    reminders = lapses = 0
    for certificate in certificates.annotate(renew_by=Max("reinstatements__renew_by")):
        cycle = selectors.certificate_lifecycle(
            certificate=certificate,
            today=today,
            renew_by=getattr(certificate, "renew_by", None) or date.min,
        )
        if cycle is None:
            continue
        context = {
            "program": certificate.program,
            "certificate_number": certificate.number,
            "expires": certificate.expires_on,
        }
        if cycle.phase == Phase.LAPSED:
            if lapse_notice_due(lapses_on=cycle.lapses_on, today=today):
                lapses += bool(
                    notify(
                        recipient=certificate.holder,
                        event="certificate.lapsed",
                        context=context,
                        link=_link(),
                        dedupe_key=f"renewal:{certificate.pk}:lapsed:{cycle.lapses_on}",
                    )
                )
            continue
        months = reminder_due(expires_on=cycle.expires_on, today=today)
        if months is not None:
            reminders += bool(
                notify(
                    recipient=certificate.holder,
                    event="renewal.reminder",
                    context={**context, "months": months},
                    link=_link(),
                    dedupe_key=f"renewal:{certificate.pk}:{months}m",
                )
            )
    return reminders, lapses
