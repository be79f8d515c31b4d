"""Issuing a certificate, exactly once per completed plan.

The plan's completion (`progress.api.on_plan_complete`) creates the certificate. It is issued at
once, or waits for staff approval when the program says so (`certificate_approval_required`).
Exactly once: the application row is locked while its certificate is looked up and created, and
the certificate's application is unique.
"""

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import user_list
from certify.accounts.models import Role, User
from certify.applications.models import Application
from certify.certificates import dates
from certify.certificates.models import Certificate
from certify.certificates.numbers import number_new
from certify.certificates.services.credential import certificate_credential_sign
from certify.certificates.services.keys import issuer_signer
from certify.certificates.services.set_credentials import (
    set_credentials_due,
    set_credentials_issue,
)
from certify.certificates.services.statuslists import status_indexes_allocate
from certify.certificates.services.transitions import certificate_move
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, check
from certify.notifications.api import notify
from certify.progress.api import Plan, plan_get, plan_is_complete


def _number_next(certificate: Certificate, year: int) -> str:
    return number_new(
        short_name=certificate.program.short_name,
        year=year,
        taken=lambda number: Certificate.objects.filter(number=number).exists(),
    )


def _issue(
    certificate: Certificate,
    *,
    actor: Any,
    move: str,
    on: date | None = None,
    expires_on: date | None = None,
    plan: Plan | None = None,
    renews: str = "",
) -> Certificate:
    """Number, dates, status list entry and signed credential; then valid.

    `expires_on` defaults to the program's validity from the day of issue (a renewal passes the
    end of its new period). `plan` is the application's, when the caller locked the application
    and read it already. `renews`: the number of the certificate a renewal's replaces (its
    holder's e-mail says so, not that they completed every set)."""
    now = timezone.now()
    issued_on = on or dates.today(certificate.program)
    if on is not None:
        now = timezone.make_aware(
            datetime.combine(on, time(12)), dates.program_zone(certificate.program)
        )
    certificate.issued_on = issued_on
    certificate.issued_at = now
    certificate.expires_on = expires_on or dates.expiry_date(
        issued_on=issued_on, validity_years=certificate.program.certificate_validity_years
    )
    certificate.number = _number_next(certificate, issued_on.year)
    # The last set's credential is not issued yet (its event runs after this commits): the
    # certificate's credential names every set's credential, so they are made first. The
    # application's row is locked while they are (as `set_credentials_ensure` does), and one
    # allocation gives the certificate and its sets their status-list entries.
    application = certificate.application
    due = []
    if application is not None:
        if plan is None:
            application = row_lock(application, "program", "candidate")
            plan = plan_get(application=application)
        due = set_credentials_due(application=application, plan=plan)
    entries = status_indexes_allocate(1 + len(due))
    certificate.status_list_series, certificate.status_list_index = entries[0]
    certificate.save()
    signer = issuer_signer()
    if application is not None:
        set_credentials_issue(application=application, rows=due, entries=entries[1:], signer=signer)
    certificate.credential = certificate_credential_sign(
        certificate=certificate, now=now, signer=signer
    )
    certificate_move(certificate=certificate, move=move, actor=actor)
    notify(
        recipient=certificate.holder,
        event="certificate.issued",
        context={
            "program": certificate.program,
            "certificate_number": certificate.number,
            "expires": certificate.expires_on,
            "renews": renews,
            "action": "See your certificates",
        },
        link=reverse("certificates:mine"),
    )
    return certificate


@transaction.atomic
def certificate_create_for_plan(
    *, application: Application, actor: User | None = None, on: date | None = None
) -> Certificate:
    """The certificate of a completed plan: issued now, or pending staff approval.

    Safe to call any number of times, at the same moment too: one certificate per application.
    """
    application = row_lock(application, "program", "candidate")
    existing = Certificate.objects.filter(application=application).first()
    if existing is not None:
        return existing
    if not plan_is_complete(application=application):
        raise DomainError("The certificate is issued once every required set is complete.")
    plan = plan_get(application=application)
    certificate = Certificate.objects.create(
        application=application,
        holder=application.candidate,
        program=application.program,
        holder_name=application.candidate.full_name or application.candidate.email,
        completed_sets=[p.competency_set.name for p in plan.core + plan.electives],
    )
    audit_record(actor=actor, verb="certificate.created", target=certificate)
    if application.program.certificate_approval_required:
        link = reverse("certificates:staff_list") + "?status=pending"
        for person in user_list(role=Role.PROGRAM_STAFF).filter(is_active=True):
            notify(
                recipient=person,
                event="certificate.approval_needed",
                context={"program": application.program, "holder": certificate.holder_name},
                link=link,
            )
        return certificate
    return _issue(certificate, actor=SYSTEM, move="issue", on=on, plan=plan)


@transaction.atomic
def certificate_approve(
    *, certificate: Certificate, actor: User, on: date | None = None
) -> Certificate:
    """Staff approve a pending certificate: it is issued now."""
    certificate = row_lock(certificate, "program", "holder")
    check(certificate, "approve", actor=actor)  # before it is numbered and signed
    certificate.approved_by = actor
    return _issue(certificate, actor=actor, move="approve", on=on)


@transaction.atomic
def certificate_issue_renewal(
    *, previous: Certificate, expires_on: date, actor: User | None, on: date | None = None
) -> Certificate:
    """A renewal's new certificate: same holder, program and sets, a new number and period
    (issued today, valid through `expires_on`), signed and valid at once. The caller replaces
    `previous` with it (`certificate_replace`) and guards against issuing twice."""
    previous = Certificate.objects.select_related("program", "holder").get(pk=previous.pk)
    if not previous.is_issued:
        raise DomainError("Only an issued certificate can be renewed.")
    certificate = Certificate.objects.create(
        application=None,
        holder=previous.holder,
        program=previous.program,
        holder_name=previous.holder.full_name or previous.holder_name or previous.holder.email,
        completed_sets=list(previous.completed_sets),
    )
    audit_record(
        actor=actor,
        verb="certificate.created",
        target=certificate,
        data={"renews": previous.number},
    )
    return _issue(
        certificate,
        actor=SYSTEM,
        move="issue",
        on=on,
        expires_on=expires_on,
        renews=previous.number or "",
    )
