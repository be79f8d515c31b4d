"""Invoices: gap-free numbers per program, the member price, and credits (scholarships)."""

import re
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.core.services import audit_record
from certify.memberships.api import membership_current, memberships_waiting
from certify.memberships.models import Membership
from certify.payments.models import Invoice, InvoiceCounter, InvoiceLine
from certify.payments.services.common import invoice_lock, money_check, tell, totals_refresh
from certify.payments.services.expiries import checkout_sessions_expire
from certify.programs.api import program_today
from certify.programs.models import Program

PAYMENT_TERMS_DAYS = 30
LIVE = (Invoice.Status.OPEN, Invoice.Status.PAID)


def invoice_number_next(*, program: Program) -> tuple[int, str]:
    """Take the program's next invoice number. Call inside the transaction that saves the invoice.

    The counter row stays locked until that transaction ends, so two invoices never share a
    number, and a rolled-back invoice gives its number back: the sequence has no gaps.
    """
    counter, _ = InvoiceCounter.objects.get_or_create(program=program)
    counter = InvoiceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    prefix = re.sub(r"[^A-Z0-9]", "", (program.short_name or program.slug).upper()) or "INV"
    return counter.last_number, f"{prefix}-{counter.last_number:06d}"


def invoice_create(
    *,
    program: Program,
    user: User,
    kind: str,
    lines: list[tuple[str, str, int]],
    actor: Any,
    today: date,
    subject: str = "",
    replaces: Invoice | None = None,
    bill_to_name: str = "",
    bill_to_email: str = "",
    due_on: date | None = None,
    told: bool = True,
) -> Invoice:
    """`told`: the billed person gets the new invoice's notice (False: the caller sends one of
    its own, saying why, as the member price after a late membership does)."""
    number, code = invoice_number_next(program=program)
    invoice = Invoice.objects.create(
        program=program,
        number=number,
        code=code,
        user=user,
        kind=kind,
        # A replacement keeps the currency of the invoice it replaces (its lines are in it); a
        # program's change of currency applies to new invoices only.
        currency=replaces.currency if replaces is not None else program.currency,
        bill_to_name=bill_to_name or user.full_name or user.email,
        bill_to_email=bill_to_email or user.email,
        subject=subject,
        issued_on=today,
        due_on=due_on or today + timedelta(days=PAYMENT_TERMS_DAYS),
        replaces=replaces,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, kind=k, description=d, amount_cents=c, created_by=None)
        for k, d, c in lines
    )
    totals_refresh(invoice)
    audit_record(
        actor=actor,
        verb="invoice.created",
        target=invoice,
        data={
            "kind": kind,
            "total_cents": invoice.total_cents,
            "currency": invoice.currency,
            **({"replaces": replaces.code} if replaces else {}),
        },
    )
    if told:
        tell(invoice=invoice, event="payment.invoice", amount=invoice.total)
    return invoice


def _live_invoice(*, user: User, program: Program, kind: str, subject: str = "") -> Invoice | None:
    return (
        Invoice.objects.filter(
            user=user, program=program, kind=kind, subject=subject, status__in=LIVE
        )
        .order_by("-id")
        .first()
    )


def enrollment_lines(*, user: User, program: Program, on: date) -> list[tuple[str, str, int]]:
    """The enrollment fee, less the member discount when a confirmed membership is current `on`."""
    lines: list[tuple[str, str, int]] = [
        (
            InvoiceLine.Kind.ENROLLMENT_FEE,
            f"{program.short_name} enrollment fee",
            program.enrollment_fee_cents,
        )
    ]
    discount = program.enrollment_fee_cents - program.member_fee_cents
    if discount > 0 and program.member_organisation:
        membership = membership_current(
            user=user, organisation_code=program.member_organisation, on=on
        )
        if membership is not None:
            lines.append(
                (
                    InvoiceLine.Kind.MEMBER_DISCOUNT,
                    f"{membership.organisation.code} member price (member no. "
                    f"{membership.member_number}, valid until {membership.expires_on:%B %-d, %Y})",
                    -discount,
                )
            )
    return lines


class EnrollmentInvoiceWaitsError(DomainError):
    """No enrollment invoice yet: a membership that sets its price awaits a decision."""

    def __init__(self, waiting: list[Membership]) -> None:
        names = " and ".join(
            f"{m.organisation.code} membership (member no. {m.member_number})" for m in waiting
        )
        super().__init__(
            f"The enrollment invoice is issued once the {names} is confirmed or refused, so that "
            "it has the right price from the start."
        )
        self.waiting = waiting


def enrollment_waits_on(*, user: User, program: Program) -> list[Membership]:
    """The memberships the enrollment invoice waits for: the person's memberships of the
    program's member organization still waiting for confirmation (ADR 0042). Empty: it may be
    made now (at the member price when one is confirmed and current)."""
    if not program.member_organisation or program.member_fee_cents >= program.enrollment_fee_cents:
        return []
    return memberships_waiting(user=user, organisation_code=program.member_organisation)


def enrollment_invoice_issue(
    *, user: User, program: Program, actor: Any, today: date | None = None
) -> Invoice | None:
    """The enrollment invoice, made now unless a membership it waits for is undecided (None:
    it is made when that membership is confirmed or refused)."""
    try:
        return enrollment_invoice_get_or_create(
            user=user, program=program, actor=actor, today=today
        )
    except EnrollmentInvoiceWaitsError:
        return None


@transaction.atomic
def enrollment_invoice_get_or_create(
    *, user: User, program: Program, actor: Any, today: date | None = None
) -> Invoice:
    """The person's enrollment invoice for the program; made on first call, found after.

    The member price applies when a confirmed membership of the program's member organisation
    is current on the invoicing date. Asking twice (even at the same moment) gives one invoice.
    While such a membership waits for confirmation no invoice is made
    (`EnrollmentInvoiceWaitsError`): the first invoice has the right price.
    """
    existing = _live_invoice(user=user, program=program, kind=Invoice.Kind.ENROLLMENT)
    if existing is not None:
        return existing
    if waiting := enrollment_waits_on(user=user, program=program):
        raise EnrollmentInvoiceWaitsError(waiting)
    today = today or program_today(program)
    try:
        with transaction.atomic():
            return invoice_create(
                program=program,
                user=user,
                kind=Invoice.Kind.ENROLLMENT,
                lines=enrollment_lines(user=user, program=program, on=today),
                actor=actor,
                today=today,
            )
    except IntegrityError:
        # Made at the same moment by another request; its number was given back (no gap).
        found = _live_invoice(user=user, program=program, kind=Invoice.Kind.ENROLLMENT)
        if found is None:
            raise
        return found


@transaction.atomic
def renewal_invoice_create(
    *, user: User, program: Program, actor: Any, subject: str = "", today: date | None = None
) -> Invoice:
    """An invoice for renewing a certificate (`subject` names it); the same subject finds it.
    A paid one found (a refused renewal's fee, which the next renewal uses) is taken under its
    row lock and read again: a refund at the same moment either ends first (the invoice no
    longer live, a new one is made) or waits for this renewal and is refused
    (`renewals.fee.reused_fee_refund_refusal`)."""
    existing = _live_invoice(user=user, program=program, kind=Invoice.Kind.RENEWAL, subject=subject)
    if existing is not None:
        existing = invoice_lock(existing)
        if existing.status in LIVE:
            return existing
    return invoice_create(
        program=program,
        user=user,
        kind=Invoice.Kind.RENEWAL,
        lines=[
            (
                InvoiceLine.Kind.RENEWAL_FEE,
                f"{program.short_name} certificate renewal fee",
                program.renewal_fee_cents,
            )
        ],
        actor=actor,
        today=today or program_today(program),
        subject=subject,
    )


@transaction.atomic
def course_approval_invoice_create(
    *,
    provider: User,
    program: Program,
    course_title: str,
    actor: Any,
    subject: str = "",
    today: date | None = None,
) -> Invoice:
    """An invoice to a course provider for approving one course (`subject` identifies it)."""
    subject = subject or course_title
    existing = _live_invoice(
        user=provider, program=program, kind=Invoice.Kind.COURSE_APPROVAL, subject=subject
    )
    if existing is not None:
        return existing
    return invoice_create(
        program=program,
        user=provider,
        kind=Invoice.Kind.COURSE_APPROVAL,
        lines=[
            (
                InvoiceLine.Kind.COURSE_APPROVAL_FEE,
                f"Course approval fee ({program.course_approval_years} years): {course_title}"[
                    :300
                ],
                program.course_approval_fee_cents,
            )
        ],
        actor=actor,
        today=today or program_today(program),
        subject=subject[:200],
    )


@transaction.atomic
def invoice_add_credit(
    *, invoice: Invoice, amount: Money, description: str, source: str, actor: Any
) -> InvoiceLine:
    """Take a credit (e.g. a scholarship award) off an unpaid invoice. One line per `source`.

    A credit that covers the whole balance settles the invoice: nothing is left to pay. The
    invoice's open card checkouts were for the old balance: they are expired at Stripe after
    commit (`checkout_sessions_expire`), so a tab opened before cannot pay the full amount.
    """
    invoice = invoice_lock(invoice)
    if source:
        existing = InvoiceLine.objects.filter(invoice=invoice, source=source).first()
        if existing is not None:
            return existing
    money_check(invoice=invoice, amount=amount)
    if invoice.status != Invoice.Status.OPEN:
        raise DomainError(
            f"Invoice {invoice.code} is {invoice.get_status_display().lower()}: "
            "a credit can only go on an invoice that is still to be paid."
        )
    if amount.cents > invoice.balance_cents:
        raise DomainError(
            f"The credit of {amount.with_cents()} is more than the "
            f"{invoice.balance.with_cents()} still owed on "
            f"invoice {invoice.code}.",
            field="amount",
        )
    line = InvoiceLine.objects.create(
        invoice=invoice,
        kind=InvoiceLine.Kind.SCHOLARSHIP_CREDIT,
        description=description[:300] or "Scholarship credit",
        amount_cents=-amount.cents,
        source=source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    totals_refresh(invoice)
    checkout_sessions_expire(invoice=invoice)
    audit_record(
        actor=actor,
        verb="invoice.credited",
        target=invoice,
        reason=description,
        data={"amount_cents": amount.cents, "source": source},
    )
    if invoice.status == Invoice.Status.PAID:
        tell(invoice=invoice, event="payment.receipt", amount=amount, covered=True)
    return line


@transaction.atomic
def invoice_remove_credit(
    *, invoice: Invoice, source: str, reason: str, actor: Any
) -> InvoiceLine | None:
    """Take back a credit (e.g. a withdrawn scholarship award) from an invoice still to be paid.

    The credit line stays and a line of the same amount reverses it (source "<source>:reversed"),
    so the invoice keeps its history. Does nothing when there is no such credit, or it was
    already taken back. Refused once the invoice is paid or refunded: the credit was used.
    Open card checkouts for the smaller balance are expired at Stripe after commit.
    """
    invoice = invoice_lock(invoice)
    credit = InvoiceLine.objects.filter(invoice=invoice, source=source).first() if source else None
    if credit is None:
        return None
    reversal_source = f"{source}:reversed"
    existing = InvoiceLine.objects.filter(invoice=invoice, source=reversal_source).first()
    if existing is not None:
        return existing
    if invoice.status != Invoice.Status.OPEN:
        raise DomainError(
            f"Invoice {invoice.code} is {invoice.get_status_display().lower()}: the credit was "
            "used and can no longer be taken back."
        )
    line = InvoiceLine.objects.create(
        invoice=invoice,
        kind=InvoiceLine.Kind.SCHOLARSHIP_CREDIT,
        description=f"{credit.description} withdrawn: {reason}"[:300],
        amount_cents=-credit.amount_cents,
        source=reversal_source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    totals_refresh(invoice)
    checkout_sessions_expire(invoice=invoice)
    audit_record(
        actor=actor,
        verb="invoice.credit_removed",
        target=invoice,
        reason=reason,
        data={"amount_cents": -credit.amount_cents, "source": source},
    )
    return line
