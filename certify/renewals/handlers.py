"""Reactions and scheduled jobs: a paid renewal moves on at once; reminders and lapse notices
once a day."""

from datetime import date
from typing import Any

from django.db.models import Q

from certify.certificates.api import (
    certificate_pdf_render_later,
    on_holder_label,
    on_lapsed,
    on_lapsed_rows,
    on_stopped,
    verification_cache_enabled,
    verification_status_changed,
)
from certify.certificates.models import Certificate
from certify.core.events import subscriber
from certify.notifications.api import daily_job
from certify.payments.api import (
    INVOICE_PAID,
    on_money_concern,
    on_pay_refusal,
    on_refund_refusal,
)
from certify.payments.models import Invoice
from certify.programs.models import Program
from certify.renewals.events import CERTIFICATE_LAPSED
from certify.renewals.fee import reused_fee_refund_refusal
from certify.renewals.lifecycle import Phase
from certify.renewals.models import Reinstatement, Renewal
from certify.renewals.selectors import (
    NO_REINSTATEMENT,
    certificate_lifecycle,
    lapsed_condition,
    lapsed_on,
)
from certify.renewals.services import (
    ce_activities_removed_purge,
    reminders_send,
    renewal_certificate_stopped,
    renewal_sync,
)
from certify.renewals.services.reminders import JOB as REMINDERS_JOB


@subscriber(INVOICE_PAID)
def renewal_fee_settled(*, event_id: int, invoice_id: int, **_: object) -> None:
    """The renewal fee is paid (card, cheque or a scholarship credit): move the renewal on.

    Idempotent: `renewal_sync` does nothing to a renewal that has already moved on.
    """
    for renewal in Renewal.objects.filter(
        invoice_id=invoice_id, status=Renewal.Status.SUBMITTED
    ).order_by("id"):
        renewal_sync(renewal=renewal)


@on_stopped
def renewal_of_a_certificate_stopped(*, certificate: Certificate, actor: Any, **_: object) -> None:
    """Staff suspend or revoke a certificate: its renewal waiting for the fee is closed when
    revoked (the invoice voided; a part already paid left refund pending for staff), its open
    card checkouts expired at Stripe by a retried task either way (ADR 0014)."""
    renewal_certificate_stopped(certificate=certificate, actor=actor)


def _renewed_certificate(invoice: Invoice) -> Certificate | None:
    """The certificate whose submitted renewal `invoice` bills, if it is a renewal fee: one
    query, for renewal invoices only."""
    if invoice.kind != Invoice.Kind.RENEWAL:
        return None
    renewal = (
        Renewal.objects.filter(invoice=invoice, status=Renewal.Status.SUBMITTED)
        .select_related("certificate__program")
        .first()
    )
    return renewal.certificate if renewal is not None else None


@on_pay_refusal
def renewal_of_a_stopped_certificate(invoice: Invoice, *, staff: bool = False) -> str | None:
    """No renewal fee is taken while the certificate being renewed is suspended or revoked
    (staff did it after the renewal was submitted): paying would only send the renewal to staff
    to refuse and refund (ADR 0014). Nor once it has lapsed (its last day to renew passed, in
    the program's zone): a lapsed certificate is renewed only after staff reinstate it. The
    holder reads why, and that nothing was charged; staff recording a check read what to do
    with it. Two queries at most, for renewal invoices only."""
    certificate = _renewed_certificate(invoice)
    if certificate is None:
        return None
    if staff and certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED):
        return _staff_words(certificate, invoice)
    if certificate.status == Certificate.Status.SUSPENDED:
        return (
            f"We cannot take the renewal fee now: your certificate {certificate.number} is "
            "suspended, and a suspended certificate cannot be renewed. Nothing was charged. "
            "You can pay once program staff reinstate it."
        )
    if certificate.status == Certificate.Status.REVOKED:
        return (
            f"We cannot take the renewal fee: your certificate {certificate.number} was revoked, "
            "and a revoked certificate cannot be renewed. Nothing was charged."
        )
    lapsed = lapsed_on(certificate=certificate)
    if lapsed is None:
        return None
    if staff:
        return (
            f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}, "
            f"which lapsed on {_long(lapsed)}: a lapsed certificate is not renewed without "
            "staff, so its fee is not taken. Reinstate the certificate first (with a new last "
            "day to renew) and record the payment then, or return it to the payer."
        )
    email = certificate.program.contact_email
    ask = f"write to them at {email}" if email else "ask them to"
    return (
        f"Your certificate {certificate.number} lapsed on {_long(lapsed)}; the renewal can no "
        f"longer be paid. Program staff can reinstate it: {ask}, and once they have, you can "
        "pay it here. Nothing was charged."
    )


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@on_money_concern
def renewal_fee_of_a_stopped_certificate(invoice: Invoice, *, offline: bool = False) -> str | None:
    """A card payment already under way paid the renewal fee of a certificate staff suspended
    since (a revocation voids the invoice, and money reaching it is a refund pending), or one
    that lapsed since: the renewal goes to staff's evidence checks, where it waits (until the
    certificate is reinstated, when suspended), and staff hear of the money now. Two queries at
    most, for renewal invoices only. (Staff recording a check, `offline`, are refused first:
    `renewal_of_a_stopped_certificate`.)"""
    certificate = _renewed_certificate(invoice)
    if certificate is None:
        return None
    if certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED):
        return (
            f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}, "
            f"which is {certificate.get_status_display().lower()}: the renewal waits in the "
            "evidence checks and cannot be approved until the certificate is reinstated. Keep "
            "the payment until then, or refund it."
        )
    lapsed = lapsed_on(certificate=certificate)
    if lapsed is None:
        return None
    return (
        f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}, which "
        f"lapsed on {_long(lapsed)} before the card payment arrived: the renewal waits in the "
        "evidence checks for staff to decide. Reinstate the certificate and approve it, or "
        "refuse it and refund the payment."
    )


@on_refund_refusal
def fee_of_a_refused_renewal_in_use(invoice: Invoice) -> str | None:
    """No refund of a refused renewal's fee while the holder's next renewal, still open, uses
    it as its own (`fee.reused_fee_refund_refusal`, ADR 0014): page and API refuse it."""
    return reused_fee_refund_refusal(invoice=invoice)


def _staff_words(certificate: Certificate, invoice: Invoice) -> str:
    if certificate.status == Certificate.Status.SUSPENDED:
        return (
            f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}, "
            "which is suspended: a suspended certificate cannot be renewed, so its fee is not "
            "taken now. Keep the payment and record it once the certificate is reinstated, or "
            "return it to the payer."
        )
    return (
        f"Invoice {invoice.code} is the renewal fee of certificate {certificate.number}, which "
        "was revoked: a revoked certificate cannot be renewed, so its fee is not taken. Return "
        "the payment to the payer."
    )


@daily_job(REMINDERS_JOB)
def renewal_reminders(today: date) -> str:
    reminders, lapses = reminders_send(today=today)
    return f"{reminders} renewal reminder(s) and {lapses} lapse notice(s) sent"


@daily_job("renewals.removed_purge")
def removed_activities_purge(today: date) -> str:
    """Activities removed longer ago than the undo allows are deleted for good, with their files."""
    return f"{ce_activities_removed_purge()} removed activit(y/ies) deleted"


@on_holder_label
def expired_in_the_cycle(certificate: Certificate) -> str | None:
    """An expired certificate on its holder's page: "Expired; renewal still open (grace
    period)" while it can be renewed, "Lapsed" after (the renewal page's words)."""
    if certificate.current_status != Certificate.EXPIRED:
        return None
    cycle = certificate_lifecycle(certificate=certificate)
    return cycle.label if cycle is not None else None


@on_lapsed
def lapsed_in_the_cycle(certificates: list[Certificate]) -> set[int]:
    """Expired certificates lapse once their last day to renew has passed: the grace period's,
    or a later day staff reopened renewal until. "Lapsed" wherever their status is read. One
    query for the reinstatements of those past their grace period, none when none is."""

    def lapsed(certificate: Certificate, renew_by: date | None) -> bool:
        cycle = certificate_lifecycle(
            certificate=certificate, renew_by=renew_by or NO_REINSTATEMENT
        )
        return cycle is not None and cycle.phase == Phase.LAPSED

    past = [c for c in certificates if lapsed(c, None)]
    if not past:
        return set()
    reopened: dict[int, date] = {}
    rows = Reinstatement.objects.filter(certificate__in=past).values_list("certificate", "renew_by")
    for certificate_id, renew_by in rows:
        reopened[certificate_id] = max(renew_by, reopened.get(certificate_id, renew_by))
    return {c.pk for c in past if lapsed(c, reopened.get(c.pk))}


def reinstatement_changed(sender: Any, instance: Reinstatement, **kwargs: Any) -> None:
    """post_save and post_delete of Reinstatement: a reinstatement makes a lapsed certificate
    "Expired" again (and its removal "Lapsed"), without saving the certificate's row, so its
    kept verification pages are forgotten here (connected in `apps.py`)."""
    if not verification_cache_enabled():
        return
    if Reinstatement.certificate.is_cached(instance):  # the service's own: no query
        number: str | None = instance.certificate.number
    else:
        found = Certificate.objects.filter(pk=instance.certificate_id).values_list("number")
        number = next((row[0] for row in found), None)
    verification_status_changed(number)


@on_lapsed_rows
def lapsed_rows(programs: list[Program]) -> Q:
    """`lapsed_in_the_cycle` as a condition on rows, for a list filtered in the database (the
    staff list's "Lapsed" and "Expired" filters)."""
    return lapsed_condition(programs)


@subscriber(CERTIFICATE_LAPSED)
def lapsed_certificate_pdf(*, event_id: int, certificate_id: int, **_: object) -> None:
    """A lapsed certificate's PDF reads "Lapsed" from now on: typeset it again in the
    background, as after each move of a certificate (ADR 0058). Idempotent: the task keeps the
    rendering only when it is not stored yet."""
    certificate_pdf_render_later(certificate_id)
