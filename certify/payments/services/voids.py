"""Void, credit notes, re-pricing and re-issuing (ADR 0041).

An open invoice on which nothing was paid may be made void, with a reason: by program staff
other than the invoice's person, or by Certify when the application it was for is not accepted.
A void invoice keeps its number and lines; a credit note (its own number series per program,
CN-…) records what was canceled and why. Re-pricing and re-issuing void the invoice and issue
a new one that names it (`Invoice.replaces`): with corrected lines (the member price), or with
the same lines (a new due date or bill-to name). Money paid is never voided: it is refunded.
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from certify.accounts.models import User
from certify.core import events
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, check, transition
from certify.payments.events import INVOICE_REPLACED
from certify.payments.models import CreditNote, Invoice, InvoiceCounter, InvoiceLine
from certify.payments.selectors import enrollment_invoice_for
from certify.payments.services.common import (
    documents_render_later,
    has_credit,
    invoice_lock,
    money_check,
)
from certify.payments.services.expiries import checkout_sessions_expire
from certify.payments.services.invoices import invoice_create
from certify.payments.services.payments import invoice_refund
from certify.programs.api import program_today
from certify.programs.models import Program

# What Certify writes on the credit note of the invoice of an application that was not accepted.
NOT_ACCEPTED = "The application was not accepted, so the enrollment fee is no longer owed."
# What either door says when a value is missing or cannot be read (the forms use the same words).
PRICE_REQUIRED = "Enter the corrected price."
EMAIL_INVALID = "Enter an e-mail address, for example name@library.org."
# What the credit note of an invoice voided with money on it adds (`invoice_void_rest`).
HELD = "The {amount} already paid on it will be refunded to whoever paid it, the way it was paid."
# The same, when program staff first decide whether part of it is owed (a course withdrawn after
# its evaluation began: `courses` passes it).
HELD_FOR_STAFF = (
    "The {amount} already paid on it is not canceled: program staff decide whether it is owed "
    "for an evaluation already done, and refund the rest."
)


def credit_note_number_next(*, program: Program) -> tuple[int, str]:
    """Take the program's next credit note number, under the counter's row lock (no gaps)."""
    counter, _ = InvoiceCounter.objects.get_or_create(program=program)
    counter = InvoiceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_credit_note_number += 1
    counter.save(update_fields=["last_credit_note_number"])
    prefix = re.sub(r"[^A-Z0-9]", "", (program.short_name or program.slug).upper()) or "INV"
    return counter.last_credit_note_number, f"CN-{prefix}-{counter.last_credit_note_number:06d}"


def void_obstacle(invoice: Invoice) -> str:
    """Why this invoice cannot be voided ('' when it can): only an open invoice on which
    nothing is held. Money paid is refunded instead (a full refund cancels the invoice)."""
    if invoice.status != Invoice.Status.OPEN:
        return (
            f"Invoice {invoice.code} is {invoice.get_status_display().lower()}: only an invoice "
            "still awaiting payment can be voided."
        )
    if invoice.net_paid_cents > 0:
        return (
            f"{invoice.net_paid.with_cents()} was paid on invoice {invoice.code}, so it cannot "
            "be voided. "
            "Refund what was paid first (a full refund cancels the invoice), or record the rest."
        )
    return ""


def void_locked(
    *, invoice: Invoice, reason: str, actor: Any, replaced: bool = False, held: bool = False
) -> CreditNote:
    """Void the locked `invoice` and write its credit note; the caller holds the transaction.
    `held`: money paid on it does not stop the void (`invoice_void_rest`, whose caller expires
    the open card checkouts itself). Otherwise the invoice's open card checkouts are expired at
    Stripe after commit: a tab opened before the void takes no money for it."""
    reason = reason.strip()
    check(invoice, "void", actor=actor, reason=reason)
    obstacle = void_obstacle(invoice)
    if obstacle and not (held and invoice.status == Invoice.Status.OPEN):
        raise DomainError(obstacle)
    held_cents = invoice.net_paid_cents
    if not held:
        checkout_sessions_expire(invoice=invoice)
    number, code = credit_note_number_next(program=invoice.program)
    note = CreditNote.objects.create(
        program=invoice.program,
        number=number,
        code=code,
        invoice=invoice,
        amount_cents=invoice.total_cents - held_cents,  # what was still owed
        reason=reason,
        issued_on=program_today(invoice.program),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    transition(
        invoice,
        "void",
        actor=actor,
        reason=reason,
        data={
            "credit_note": code,
            "amount_cents": note.amount_cents,
            "replaced": replaced,
            "held_cents": held_cents,
        },
        update_fields=["updated_at"],
    )
    documents_render_later(invoice)  # the invoice now shows "Void"; its credit note is new
    return note


def void_check(*, invoice: Invoice, actor: Any, reason: str, replacing: bool = False) -> None:
    """Raise the `DomainError` voiding (or re-pricing, re-issuing) would raise, changing nothing:
    for the confirmation step, so a refusal is said before the warning, not after it."""
    check(invoice, "void", actor=actor, reason=reason)
    if obstacle := void_obstacle(invoice):
        raise DomainError(obstacle)
    if replacing:
        _replaceable(invoice)


@transaction.atomic
def invoice_void(*, invoice: Invoice, reason: str, actor: Any) -> CreditNote:
    """Void an open invoice on which nothing was paid, with a reason; returns its credit note.

    Program staff other than the invoice's person, or Certify (`SYSTEM`). Refused, with nothing
    changed, once anything was paid: that money is refunded, not voided.
    """
    invoice = invoice_lock(invoice)
    return void_locked(invoice=invoice, reason=reason, actor=actor)


@transaction.atomic
def invoice_void_rest(
    *, invoice: Invoice, reason: str, actor: Any, held_words: str = HELD
) -> CreditNote | None:
    """What an open invoice was for no longer applies (a renewal closed because its certificate
    was revoked): void it even when part of it was paid. The credit note cancels what was still
    owed; what was paid stays on the void invoice as "refund pending" (`refund_pending`), for
    staff to give back with `invoice_refund` (the invoice stays void), and the credit note's
    reason says so (`held_words`: `HELD`, or `HELD_FOR_STAFF` when staff first decide whether
    part of it is owed). None, with nothing changed, when the invoice is no longer open
    (paid in full meanwhile: refunded the usual way). Takes the invoice's lock, as every payment
    does, so a payment is either counted here or refused after. The caller expires the invoice's
    open card checkouts (`checkout_sessions_expire`: renewals does, on a suspension too)."""
    invoice = invoice_lock(invoice)
    if invoice.status != Invoice.Status.OPEN:
        return None
    held = invoice.net_paid_cents
    if held:
        reason = f"{reason.strip()} {held_words.format(amount=invoice.net_paid.with_cents())}"
    note = void_locked(invoice=invoice, reason=reason, actor=actor, held=True)
    if held:
        audit_record(
            actor=actor,
            verb="payment.refund_pending",
            target=invoice,
            reason=note.reason,
            data={"held_cents": held, "credit_note": note.code},
        )
    return note


def _replaceable(invoice: Invoice) -> None:
    """Re-pricing and re-issuing are for enrollment invoices without a scholarship credit."""
    if invoice.kind != Invoice.Kind.ENROLLMENT:
        # A renewal's or a course's invoice is named by that record; it would keep waiting for
        # the void one. Void it, and issue the new one from the renewal or course.
        raise DomainError(
            f"Only an enrollment invoice can be re-priced or re-issued; invoice {invoice.code} is "
            f"for {invoice.get_kind_display().lower()}. Void it instead."
        )
    if has_credit(invoice):
        raise DomainError(
            f"Invoice {invoice.code} carries a scholarship credit, which voiding would return to "
            "its fund. Ask the sponsor to withdraw the award first, then re-price or re-issue."
        )


def fee_lines(invoice: Invoice) -> list[tuple[str, str, int]]:
    """The invoice's own lines as (kind, description, cents), in order: what a replacement
    copies or corrects. Credit lines (a scholarship award, named by their source) are left out:
    voiding returns them to their fund."""
    return [
        (line.kind, line.description, line.amount_cents)
        for line in InvoiceLine.objects.filter(invoice=invoice).order_by("id")
        if not line.source
    ]


def replace_locked(
    *,
    old: Invoice,
    lines: list[tuple[str, str, int]],
    reason: str,
    actor: Any,
    change: str,
    due_on: date | None = None,
    bill_to_name: str = "",
    bill_to_email: str = "",
    told: bool = True,
) -> Invoice:
    """Void the locked `old` (its credit note says `reason`) and issue, in the same transaction,
    the invoice that replaces it (`Invoice.replaces`) with `lines`; audited as
    `invoice.<change>` ("repriced", "reissued") and published as `INVOICE_REPLACED`. The new
    invoice's usual notice is sent unless `told` is False (the caller sends one of its own).
    Staff re-pricing and re-issuing, and Certify's re-pricing after a membership decision."""
    note = void_locked(invoice=old, reason=reason, actor=actor, replaced=True)
    new = invoice_create(
        program=old.program,
        user=old.user,
        kind=old.kind,
        lines=lines,
        actor=actor,
        today=program_today(old.program),
        subject=old.subject,
        replaces=old,
        bill_to_name=bill_to_name or old.bill_to_name,
        bill_to_email=bill_to_email or old.bill_to_email,
        due_on=due_on,
        told=told,
    )
    audit_record(
        actor=actor,
        verb=f"invoice.{change}",
        target=new,
        reason=reason.strip(),
        data={"replaces": old.code, "credit_note": note.code, "total_cents": new.total_cents},
    )
    events.publish(
        INVOICE_REPLACED,
        invoice_id=new.pk,
        replaces_id=old.pk,
        kind=new.kind,
        user_id=new.user_id,
        program_id=new.program_id,
        actor_id=getattr(actor, "pk", None),  # None: Certify (a membership confirmed late)
        change=change,
    )
    return new


@transaction.atomic
def invoice_reprice(*, invoice: Invoice, amount: Money | None, reason: str, actor: User) -> Invoice:
    """Void the invoice and issue a new one for `amount` (e.g. the member price), linked to it.

    The fee lines are kept; the difference is one line: the program's member price when
    `amount` is it, otherwise a price adjustment that quotes the reason.
    """
    invoice = invoice_lock(invoice)
    check(invoice, "void", actor=actor, reason=reason)
    _replaceable(invoice)
    if amount is None:  # the form requires it too, in the same words
        raise DomainError(PRICE_REQUIRED, field="amount")
    money_check(invoice=invoice, amount=amount)
    if amount.cents == invoice.total_cents:
        raise DomainError(
            f"Invoice {invoice.code} is already for {invoice.total.with_cents()}: enter the "
            "corrected price.",
            field="amount",
        )
    program = invoice.program
    lines = [
        line
        for line in fee_lines(invoice)
        if line[0] not in (InvoiceLine.Kind.MEMBER_DISCOUNT, InvoiceLine.Kind.PRICE_ADJUSTMENT)
    ]
    charged = sum(cents for _, _, cents in lines)
    difference = amount.cents - charged
    if difference and amount.cents == program.member_fee_cents and program.member_organisation:
        lines.append(
            (
                InvoiceLine.Kind.MEMBER_DISCOUNT,
                f"{program.member_organisation} member price (confirmed by program staff)",
                difference,
            )
        )
    elif difference:
        lines.append(
            (
                InvoiceLine.Kind.PRICE_ADJUSTMENT,
                f"Price corrected: {reason.strip()}"[:300],
                difference,
            )
        )
    return replace_locked(old=invoice, lines=lines, reason=reason, actor=actor, change="repriced")


@transaction.atomic
def invoice_reissue(
    *,
    invoice: Invoice,
    reason: str,
    actor: User,
    due_on: date | None = None,
    bill_to_name: str = "",
    bill_to_email: str = "",
) -> Invoice:
    """Void the invoice and issue a new one with the same lines: a new due date, or another
    name or address to bill (an employer). Linked to the void one."""
    invoice = invoice_lock(invoice)
    check(invoice, "void", actor=actor, reason=reason)
    _replaceable(invoice)
    today = program_today(invoice.program)
    if due_on is not None and due_on < today:
        raise DomainError("The new due date cannot be in the past.", field="due_on")
    if bill_to_email.strip():
        try:
            validate_email(bill_to_email.strip())
        except ValidationError:
            raise DomainError(EMAIL_INVALID, field="bill_to_email") from None
    return replace_locked(
        old=invoice,
        lines=fee_lines(invoice),
        reason=reason,
        actor=actor,
        change="reissued",
        due_on=due_on,
        bill_to_name=bill_to_name.strip(),
        bill_to_email=bill_to_email.strip(),
    )


@transaction.atomic
def enrollment_invoice_close(*, user: User, program: Program, reason: str, actor: Any) -> str:
    """An application was not accepted: its enrollment fee is no longer owed.

    An open invoice on which nothing was paid is voided by Certify (credit note: `NOT_ACCEPTED`,
    then the staff's reason). Whatever was paid is refunded by `actor` (the program's rule:
    refunded when not eligible); a part-paid invoice is refunded, never voided. Returns what
    happened: "voided", "refunded" or "" (no invoice, or nothing to do).
    """
    invoice = enrollment_invoice_for(user=user, program=program)
    if invoice is None:
        return ""
    invoice = invoice_lock(invoice)
    if invoice.net_paid_cents > 0:
        invoice_refund(invoice=invoice, reason=reason, actor=actor, amount=invoice.net_paid)
        return "refunded"
    if invoice.status == Invoice.Status.OPEN:
        words = f"{NOT_ACCEPTED} {reason.strip()}".strip()
        void_locked(invoice=invoice, reason=words, actor=SYSTEM)
        return "voided"
    return ""
