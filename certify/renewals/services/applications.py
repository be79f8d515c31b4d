"""Renewal applications: submitted with their fee, audited, decided, resubmitted."""

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import User
from certify.certificates.api import (
    certificate_issue_renewal,
    certificate_replace,
    program_today,
)
from certify.certificates.models import Certificate
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, check, transition
from certify.notifications.api import notify
from certify.payments.api import (
    checkout_sessions_expire,
    invoice_is_settled,
    invoice_lock,
    invoice_void_rest,
    renewal_invoice_create,
)
from certify.programs.models import Program
from certify.renewals import fee, selectors, workflow
from certify.renewals.lifecycle import (
    Phase,
    renewal_expiry,
)
from certify.renewals.models import Renewal, RenewalTransition
from certify.scholarships.api import renewal_awards_credit

MS = timedelta(milliseconds=1)


def _link(program: Program) -> str:
    """The renewal page of the holder's certificate of `program` (they may hold several)."""
    return f"{reverse('renewals:home')}?program={program.slug}"


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
        Renewal.objects.select_for_update(of=("self", "certificate"))
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
    today = today or program_today(certificate.program)
    certificate = row_lock(certificate, "program", "holder")
    if certificate.holder_id != actor.pk:
        raise DomainError("Only the holder can apply to renew a certificate.")
    program = certificate.program
    cycle = selectors.certificate_lifecycle(certificate=certificate, today=today)
    if cycle is None or not cycle.renewable:
        if cycle is not None and cycle.phase == Phase.VALID:
            raise DomainError(
                f"Renewal opens on {cycle.window_opens_on:%B %-d, %Y}, "
                f"{program.renewal_window_months} months before your certificate expires."
            )
        if cycle is not None and cycle.phase == Phase.LAPSED:
            raise DomainError(_lapsed_words(certificate, cycle.lapses_on))
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
    refused_before = Renewal.objects.filter(
        certificate=certificate, status=Renewal.Status.REFUSED
    ).exists()
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
                hours_required=program.renewal_ce_hours,
                technology_hours_required=program.renewal_technology_hours,
                audit_percent=program.renewal_audit_percent,
                audit_seed=seed,
                audit_roll=roll,
                # Staff refused an earlier renewal of it: they check this one too.
                audited=roll < program.renewal_audit_percent * 100 or refused_before,
            )
    except IntegrityError:
        raise DomainError("You already applied to renew this certificate.") from None
    renewal.activities.set(selectors.ce_activities_counted(activities, progress=progress))
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
            "refused_before": refused_before,
            "invoice": renewal.invoice.code,
        },
    )
    renewal_awards_credit(user=actor)
    return renewal_sync(renewal=renewal, today=today)


def _lapsed_words(certificate: Certificate, lapses_on: date) -> str:
    """Applying once the last day to renew has passed (in the program's zone): what the holder
    can still do, in the words of the lapsed fee (ADR 0014)."""
    email = certificate.program.contact_email
    ask = f"write to them at {email}" if email else "ask them to"
    return (
        f"Your certificate {certificate.number} lapsed on {lapses_on:%B} {lapses_on.day}, "
        f"{lapses_on.year}: it can no longer be renewed without program staff. They can "
        f"reinstate it: {ask}, and once they have, you can apply here."
    )


def _stopped(certificate: Certificate) -> bool:
    """Suspended or revoked by staff since the renewal was submitted: renewing it would put a
    valid certificate in its place, so staff decide (refuse it, or approve after reinstating)."""
    return certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED)


def _lapsed_when_paid(renewal: Renewal) -> bool:
    """The certificate had lapsed (its last day to renew passed, in the program's zone) when
    the fee was settled: a card payment under way as it lapsed. Staff decide it (reinstate and
    approve, or refuse), never the payment (ADR 0014); a fee is otherwise refused once lapsed."""
    return fee.paid_after_lapse(renewal=renewal) is not None


def _approve(renewal: Renewal, *, actor: Any, move: str, today: date | None) -> None:
    """Issue the new certificate and replace the old one: exactly once (the renewal's row is
    locked by the caller, and `new_certificate` is set in the same transaction)."""
    if renewal.new_certificate_id is not None:
        return
    check(renewal, move, actor=actor)  # before the new certificate is signed
    old = renewal.certificate
    # Suspended or revoked since, or paid after it lapsed: staff reinstate it first (ADR 0014).
    if refused := fee.renewal_approval_refusal(renewal=renewal):
        raise DomainError(refused)
    new = certificate_issue_renewal(
        previous=old,
        expires_on=renewal_expiry(
            previous_expires_on=cast(date, old.expires_on),
            validity_years=renewal.program.certificate_validity_years,
        ),
        actor=actor,
        on=today,  # None: today in the program's time zone
    )
    certificate_replace(certificate=old, replacement=new, actor=actor)
    renewal.new_certificate = new
    _move(renewal, move, actor=actor)


@transaction.atomic
def renewal_sync(*, renewal: Renewal, today: date | None = None) -> Renewal:
    """Move a renewal on once its fee is settled: to the evidence check when it was drawn for
    audit, its certificate was suspended or revoked since, or had lapsed when the fee was
    settled (staff decide it), else approved (the new certificate is issued). Safe to repeat,
    at the same moment too."""
    renewal = _locked(renewal)
    if renewal.status != Renewal.Status.SUBMITTED or renewal.invoice is None:
        return renewal
    if not invoice_is_settled(invoice=renewal.invoice):
        return renewal
    if renewal.audited or _stopped(renewal.certificate) or _lapsed_when_paid(renewal):
        _move(renewal, "send_to_audit", actor=SYSTEM)
        # The fee arrived, and the renewal waits for staff: the holder reads why and what next.
        _tell(
            renewal,
            "renewal.checking",
            dedupe_key=f"renewal.checking:{renewal.pk}",
            why=_checking_words(renewal),
        )
    else:
        _approve(renewal, actor=SYSTEM, move="approve_paid", today=today)
    return renewal


def _checking_words(renewal: Renewal) -> str:
    """Why a paid renewal waits for staff, and what they do next, in the holder's words."""
    certificate = renewal.certificate
    if _stopped(certificate):
        return (
            f"Your certificate {certificate.number} is "
            f"{certificate.get_status_display().lower()}, so it cannot be renewed now: program "
            "staff approve the renewal only if they reinstate the certificate; otherwise they "
            "refuse it, and decide whether to refund the fee (a refusal does not refund it by "
            "itself). You need not pay again."
        )
    if late := fee.paid_after_lapse(renewal=renewal):
        return fee.lapsed_renewal_words(renewal=renewal, last_day=late[0] - timedelta(days=1))
    why = (
        "Program staff refused your earlier renewal of this certificate, so they check the "
        "evidence of this one"
        if renewal.checked_after_refusal
        else "Your renewal was chosen at random for a check of its evidence"
    )
    return (
        f"{why}: program staff look at the evidence of the activities you recorded before they "
        "decide. You need do nothing now; we will tell you when they have decided, or if they "
        "need more evidence."
    )


def _tell(renewal: Renewal, event: str, dedupe_key: str | None = None, **context: Any) -> None:
    notify(
        dedupe_key=dedupe_key,
        recipient=renewal.holder,
        event=event,
        context={
            "program": renewal.program,
            "certificate_number": renewal.certificate.number,
            "status": renewal.get_status_display(),
            "reason": renewal.status_reason,
            "decision": renewal.status,
            "action": "Add the evidence"
            if renewal.status == Renewal.Status.MORE_EVIDENCE
            else "See your renewal",
            **context,
        },
        link=_link(renewal.program),
    )


@transaction.atomic
def renewal_decide(
    *,
    renewal: Renewal,
    actor: User,
    action: str,
    reason: str = "",
    today: date | None = None,
    updated_at_seen: datetime | None = None,
) -> Renewal:
    """Staff decide an audited renewal: approve, ask for more evidence, or refuse (with a
    reason for the last two). `updated_at_seen` is the renewal's `updated_at` the decider's page
    showed: a renewal changed since (the holder sent it back with more evidence, someone else
    decided) is not decided unread. None: not said (an older API client)."""
    if action not in workflow.ACTION_LABELS:
        raise DomainError("Choose approve, ask for more evidence, or refuse.", field="action")
    renewal = _locked(renewal)
    # Within a millisecond: the API writes times to the millisecond (Django's JSON encoder).
    if updated_at_seen is not None and abs(updated_at_seen - renewal.updated_at) >= MS:
        if renewal.status != Renewal.Status.IN_AUDIT:
            # Decided meanwhile (a colleague, another tab): the workflow's words for a page out
            # of date, saying where the renewal is now (ADR 0018), as applications say it.
            check(renewal, action, actor=actor, reason=reason)
        raise DomainError(
            "This renewal changed after you opened it (the holder sent it back, or someone "
            "else decided it): read it again before you decide."
        )
    if action == "approve":
        if renewal.invoice is not None:
            # The fee read under its lock (ADR 0071's order: certificate, renewal, invoice): a
            # refund at the same moment ends first, and the approval is refused for it, or waits.
            renewal.invoice = invoice_lock(renewal.invoice)
        _approve(renewal, actor=actor, move="approve", today=today)
        return renewal
    _move(renewal, action, actor=actor, reason=reason)
    words = ""
    if action == "refuse" and renewal.invoice is not None:
        # What becomes of a fee paid after the lapse, read under the invoice's lock (ADR 0071's
        # order: certificate, renewal, invoice): a refund made first is said as made; one made
        # after waits for this refusal, which says that staff decide on it.
        words = fee.refused_fee_words(renewal=renewal, invoice=invoice_lock(renewal.invoice))
    _tell(renewal, "renewal.decided", fee_words=words)
    return renewal


@transaction.atomic
def renewal_resubmit(*, renewal: Renewal, actor: User, today: date | None = None) -> Renewal:
    """The holder sends the renewal back to staff after adding the evidence they asked for."""
    renewal = _locked(renewal)
    if renewal.holder_id != actor.pk:  # before the holder's CE log is read
        raise DomainError("Only the holder can send their renewal back.")
    today = today or program_today(renewal.program)
    activities = list(selectors.ce_activity_list(holder=actor, program=renewal.program))
    progress = selectors.ce_progress(
        certificate=renewal.certificate, activities=activities, today=today, renewal=renewal
    )
    if not progress.met:
        raise DomainError(f"Not yet: {progress.summary}. {progress.next_step}")
    _move(renewal, "resubmit", actor=actor)
    renewal.hours_total, renewal.hours_technology = progress.total, progress.technology
    renewal.save(update_fields=["hours_total", "hours_technology", "updated_at"])
    renewal.activities.set(selectors.ce_activities_counted(activities, progress=progress))
    return renewal


def revoked_reason(certificate: Certificate) -> str:
    """What the holder reads on their closed renewal, and the void invoice's credit note (which
    adds what was already paid on it and will be refunded, if anything)."""
    return (
        f"Certificate {certificate.number} was revoked, and a revoked certificate cannot be "
        "renewed: this renewal is closed and its fee is no longer owed."
    )


def renewal_certificate_stopped(*, certificate: Certificate, actor: User) -> Renewal | None:
    """Staff suspend or revoke `certificate`: called in that transaction (certificates'
    `on_stopped`), with the certificate locked and its new status set (ADR 0014).

    Its renewal still waiting for the fee takes no money from a card checkout opened before:
    its open sessions are marked, in this transaction, for a task to expire at Stripe after
    commit (tried again while Stripe cannot be reached). A suspension leaves the renewal as it is
    (reinstating the certificate resumes it). A revocation is final: the invoice is voided under
    its lock, even when part of it was paid (a check, ADR 0041): the credit note cancels what
    was still owed and what was paid is "refund pending" for staff to refund; the renewal is
    closed by the `close` move with the reason, by the staff member who revoked, and the holder
    is told once what was closed and what will be refunded. A renewal paid in full (a payment
    recorded first, at the same moment) keeps the path of a paid one: staff refuse and refund.
    Lock order: certificate, renewal, invoice (ADR 0071), as every payment takes the invoice's
    lock before it reads the certificate's status."""
    found = Renewal.objects.filter(certificate=certificate, status=Renewal.Status.SUBMITTED)
    renewal = found.order_by("-id").first()
    if renewal is None or renewal.invoice is None:
        return None
    renewal = _locked(renewal)
    invoice = renewal.invoice
    if renewal.status != Renewal.Status.SUBMITTED or invoice is None:
        return renewal
    checkout_sessions_expire(invoice=invoice)
    if renewal.certificate.status != Certificate.Status.REVOKED:
        return renewal
    note = invoice_void_rest(
        invoice=invoice, reason=revoked_reason(renewal.certificate), actor=actor
    )
    if note is None:
        return renewal  # paid in full first: staff refuse the renewal and refund
    held = note.invoice.net_paid  # what the void invoice holds, to be refunded
    _move(renewal, "close", actor=actor, reason=note.reason)
    _tell(
        renewal,
        "renewal.decided",
        dedupe_key=f"renewal.closed:{renewal.pk}",
        closed=True,
        reason=revoked_reason(renewal.certificate),
        refund=str(held) if held.cents else "",
    )
    return renewal
