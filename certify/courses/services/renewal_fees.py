"""The fee of a course renewal that will not be decided (ADR 0009).

A renewal's fee invoice (`course:<id>:<n>`) is owed for an evaluation that leads to a decision.
Two ends come without one:
- program staff *revoke* the approval while a renewal is under review or returned (or suspended
  with one): Certify will never decide it, so nothing of its fee is kept: what was still owed is
  voided (a credit note) and whatever was paid is refunded, by the staff member who revoked, in
  the same decision. A *suspension* leaves the invoice as it is: reinstated, the provider sends
  the renewal again and the same invoice serves it (paid or not); revoked, the rule above.
  While suspended, no money is taken for it (`courses.fees`): its open card checkouts are
  expired here, after commit, so a tab opened before cannot pay it.
- program staff *revoke the provider* while a course waits for its first approval (submitted
  or returned): it will never be evaluated, so its fee ends as a revoked renewal's does
  (`first_fee_on_provider_revoke`), and the provider's one notice of the revocation says so.
- program staff *close* a renewal returned for changes that the provider never sent again
  (`course_renewal_close`): the approval runs on to its own last day; what was still owed is
  voided and a part payment refunded, while a fee paid in full stays paid and serves the
  provider's next renewal (the same subject), as a returned course sent again keeps its fee.

- the provider *withdraws* the course (draft or returned, `fee_on_withdraw`): what was still
  owed is voided by Certify (a credit note); what was paid, in part or in full, is not refunded
  by the provider's own decision: program staff judge whether an evaluation already done is
  owed, so they are told at once (`course.fee_to_refund`, naming the invoice and the amount),
  and a part payment waits on the void invoice as "refund pending" in their list.

Lock order: the course, then the invoice (ADR 0071). Payments take the invoice's lock and
never lock a course, so the two meet at the invoice alone: a payment there first is counted
(and refunded here), one there after finds the invoice void and is refund pending.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from certify.accounts.api import user_list
from certify.accounts.models import Role, User
from certify.core.errors import DomainError
from certify.core.workflow import SYSTEM, check, transition
from certify.courses.models import Course
from certify.courses.services.common import require_unchanged, tell_provider
from certify.courses.workflows.relations import members_of
from certify.notifications.api import notify
from certify.payments.api import (
    HELD_FOR_STAFF,
    checkout_sessions_expire,
    invoice_refund,
    invoice_void_rest,
)
from certify.payments.models import Invoice, Refund
from certify.programs.api import program_today

CLOSED_EVENT = "course.decided"
# Program staff hear of a withdrawn course's fee that was paid: theirs to refund or keep.
WITHDRAWN_FEE_EVENT = "course.fee_to_refund"
WITHDRAWN = "The course was withdrawn."
REASON_REQUIRED = "Give the reason: the provider reads it."


@dataclass(frozen=True)
class FeeEnd:
    """What became of a renewal's fee, for the provider's notice."""

    code: str
    voided: bool = False
    refunded: str = ""  # the amount refunded, "$100.00"; "" when nothing was
    by_card: bool = False  # refunded to a card, through Stripe after commit
    kept: bool = False  # paid in full and kept for the next renewal
    on_hold: bool = False  # suspended with something still owed: not taken until reinstated
    held: str = ""  # paid and kept for staff to decide on (a withdrawal), "$100.00"

    def context(self) -> dict[str, object]:
        return {
            "fee_invoice": self.code,
            "fee_voided": self.voided,
            "fee_refunded": self.refunded,
            "fee_by_card": self.by_card,
            "fee_kept": self.kept,
            "fee_on_hold": self.on_hold,
            "fee_held": self.held,
        }


def renewal_fee(course: Course) -> Invoice | None:
    """The fee invoice of the course's renewal not approved yet (open or paid), if any: the
    course's fee invoice when its subject names the next approval period (`course:<id>:<n>`,
    as `course_submit` makes it). A first approval's fee, or one approved, is never it."""
    invoice = course.fee_invoice
    if invoice is None or invoice.status not in (Invoice.Status.OPEN, Invoice.Status.PAID):
        return None
    periods = course.approvals.count()
    if periods == 0 or invoice.subject != f"course:{course.pk}:{periods + 1}":
        return None
    return invoice


def _void_and_refund(invoice: Invoice, *, reason: str, actor: User, keep_paid: bool) -> FeeEnd:
    """Void what is still owed; refund what was paid (unless `keep_paid` and paid in full)."""
    invoice = Invoice.objects.get(pk=invoice.pk)
    if invoice.status == Invoice.Status.PAID and keep_paid:
        return FeeEnd(code=invoice.code, kept=True)
    voided = False
    if invoice.status == Invoice.Status.OPEN:
        checkout_sessions_expire(invoice=invoice)  # a tab opened before takes no money for it
        voided = invoice_void_rest(invoice=invoice, reason=reason, actor=actor) is not None
        invoice.refresh_from_db()
        if not voided and keep_paid:  # paid in full at the same moment: kept, as paid
            return FeeEnd(code=invoice.code, kept=True)
    held = invoice.net_paid
    by_card = False
    if held.cents > 0:
        # The provider's notice of the decision says so: no refund receipt besides it.
        refunds = invoice_refund(
            invoice=invoice, reason=reason, actor=actor, amount=held, tell_payer=False
        )
        by_card = any(r.status == Refund.Status.PENDING for r in refunds)
    return FeeEnd(
        code=invoice.code,
        voided=voided,
        refunded=str(held) if held.cents else "",
        by_card=by_card,
    )


def renewal_fee_on_stop(course: Course, *, move: str, actor: User) -> FeeEnd | None:
    """Called by a suspension or revocation with the course locked and moved: a revocation ends
    the renewal's fee (void, refund); a suspension names the invoice it keeps and expires its
    open card checkouts (no money is taken for it while suspended)."""
    invoice = renewal_fee(course)
    if invoice is None:
        return None
    if move != "revoke":
        if invoice.status != Invoice.Status.OPEN:
            return FeeEnd(code=invoice.code)
        checkout_sessions_expire(invoice=invoice)  # not taken while suspended (`courses.fees`)
        return FeeEnd(code=invoice.code, on_hold=True)
    reason = (
        f"The approval of “{course.title}” was revoked, so its renewal will not be decided and "
        "its fee is no longer owed."
    )
    return _void_and_refund(invoice, reason=reason, actor=actor, keep_paid=False)


def first_fee_on_provider_revoke(course: Course, *, actor: User) -> FeeEnd | None:
    """Called with a course under its first review locked and revoked with its provider: it
    will never be evaluated, so, as for a revoked renewal, what was still owed is voided (a
    credit note) and what was paid refunded, by the staff member who revoked. None without a
    live fee invoice."""
    invoice = course.fee_invoice
    if invoice is None or invoice.status not in (Invoice.Status.OPEN, Invoice.Status.PAID):
        return None
    reason = (
        f"{course.provider.name} was revoked as a course provider, so “{course.title}” will not "
        "be evaluated and its approval fee is no longer owed."
    )
    return _void_and_refund(invoice, reason=reason, actor=actor, keep_paid=False)


@transaction.atomic
def course_renewal_close(
    *, course: Course, actor: User, reason: str, updated_at_seen: datetime | None = None
) -> Course:
    """Close a renewal returned for changes that the provider did not send again: the course is
    approved again with the approval it has (to its own last day); the renewal's unpaid fee is
    voided and a part payment refunded; a fee paid in full is kept for the next renewal. The
    provider's people are told once."""
    course = (
        Course.objects.select_for_update(of=("self",))
        .select_related("provider", "program", "fee_invoice")
        .get(pk=course.pk)
    )
    require_unchanged(course, updated_at_seen, actor=actor, move="close_renewal", reason=reason)
    check(course, "close_renewal", actor=actor, reason=reason)  # its status, then its reason
    if not reason.strip():
        raise DomainError(REASON_REQUIRED, field="reason")
    reason = reason.strip()
    if not course.approvals.exists():
        raise DomainError(
            f"“{course.title}” was never approved: this is its first submission, not a renewal. "
            "The provider withdraws it if they no longer want it approved."
        )
    invoice = renewal_fee(course)
    fee = (
        _void_and_refund(
            invoice,
            reason=f"The renewal of “{course.title}” was closed without a decision: {reason}",
            actor=actor,
            keep_paid=True,
        )
        if invoice
        else None
    )
    transition(course, "close_renewal", actor=actor, reason=reason)
    tell_provider(
        provider=course.provider,
        event=CLOSED_EVENT,
        context={
            "program": course.program,
            "course_title": course.title,
            "renewal_closed": True,
            "expires_on": course.approval_expires_on,
            "approval_ended": bool(
                course.approval_expires_on
                and course.approval_expires_on < program_today(course.program)
            ),
            "comments": reason,
            **(fee.context() if fee else {}),
        },
        link=course.get_provider_url(),
    )
    return course


def fee_on_withdraw(course: Course) -> FeeEnd | None:
    """Called by `course_withdraw` with the course locked and withdrawn: nothing more is owed on
    its fee invoice (Certify voids what was, with a credit note, its open card checkouts
    expired). Money paid on it stays for program staff, who judge whether an evaluation already
    done is owed and refund the rest: they are told now. None without a live fee invoice."""
    invoice = course.fee_invoice
    if invoice is None or invoice.status not in (Invoice.Status.OPEN, Invoice.Status.PAID):
        return None
    voided = False
    if invoice.status == Invoice.Status.OPEN:
        checkout_sessions_expire(invoice=invoice)  # a tab opened before takes no money for it
        voided = (
            invoice_void_rest(
                invoice=invoice, reason=WITHDRAWN, actor=SYSTEM, held_words=HELD_FOR_STAFF
            )
            is not None
        )
    invoice = Invoice.objects.select_related("program").get(pk=invoice.pk)
    held = invoice.net_paid
    if held.cents > 0:
        _tell_staff_held(course, invoice, amount=str(held), voided=voided)
    return FeeEnd(code=invoice.code, voided=voided, held=str(held) if held.cents else "")


def _tell_staff_held(course: Course, invoice: Invoice, *, amount: str, voided: bool) -> None:
    """Program staff who may refund it (not the invoice's person, nor anyone who acts for the
    provider: ADR 0022), once per invoice."""
    barred = {invoice.user_id, *members_of(course.provider_id)}
    for person in user_list(role=Role.PROGRAM_STAFF).filter(is_active=True).order_by("id"):
        if person.pk in barred:
            continue
        notify(
            recipient=person,
            event=WITHDRAWN_FEE_EVENT,
            context={
                "program": course.program,
                "course_title": course.title,
                "provider_name": course.provider.name,
                "invoice_number": invoice.code,
                "amount": amount,
                "voided": voided,  # part paid: the rest voided, the part refund pending
            },
            link=invoice.get_absolute_url(),
            dedupe_key=f"{WITHDRAWN_FEE_EVENT}:{invoice.pk}:{person.pk}",
        )
