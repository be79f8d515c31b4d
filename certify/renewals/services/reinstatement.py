"""Reinstatement of a lapsed certificate."""

from datetime import date

from django.db import transaction

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.certificates.api import certificate_pdf_render_later, program_today
from certify.certificates.models import Certificate
from certify.core.duties import require_not_own
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.notifications.api import notify
from certify.programs.api import program_day
from certify.renewals import selectors
from certify.renewals.lifecycle import Phase
from certify.renewals.models import Reinstatement, Renewal
from certify.renewals.services.applications import _link


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
    today = today or program_today(certificate.program)
    certificate = row_lock(certificate, "program", "holder")
    require_not_own(actor, people={certificate.holder_id})  # nobody reopens their own (ADR 0022)
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
    # Its PDF reads "Expired" again, not "Lapsed": typeset in the background after commit, as
    # after an expiry, a lapse or a move of the certificate (ADR 0058).
    certificate_pdf_render_later(certificate.pk)
    # A renewal already under way goes on: the holder does not apply again. Its fee, refused
    # once the certificate lapsed, can be paid again; one paid after the lapse is staff's to
    # approve now (ADR 0014).
    live = selectors.renewal_live_for(certificate=certificate)
    live = live if live is not None and live.status in Renewal.OPEN else None
    notify(
        recipient=certificate.holder,
        event="renewal.reinstated",
        context={
            "program": certificate.program,
            "certificate_number": certificate.number,
            "renew_by": renew_by,
            "reason": reason,
            "ce_requirement": selectors.ce_requirement_words(program=certificate.program),
            "renewal_open": live is not None,
            "fee_owed": live is not None and live.status == Renewal.Status.SUBMITTED,
            "evidence_asked": live is not None and live.status == Renewal.Status.MORE_EVIDENCE,
            "applied_on": program_day(live.submitted_at, certificate.program) if live else None,
            "action": _action(live),
        },
        link=_link(certificate.program),
    )
    return reinstatement


def _action(live: Renewal | None) -> str:
    """The e-mail's one action, on the renewal page."""
    if live is None:
        return "Record your continuing education and apply"
    if live.status == Renewal.Status.SUBMITTED:
        return "Pay the renewal fee"
    if live.status == Renewal.Status.MORE_EVIDENCE:
        return "Send the evidence staff asked for"
    return "See your renewal"
