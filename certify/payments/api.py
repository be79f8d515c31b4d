"""What other apps use from payments (the Python interface, not HTTP).

Invoices
- `enrollment_invoice_get_or_create(*, user, program, actor, today=None) -> Invoice`: the
  person's enrollment invoice; the member price when a confirmed membership of
  `program.member_organisation` is current on the invoicing date. Idempotent: one live (open or
  paid) enrollment invoice per person and program, even when asked for at the same moment.
  While a membership of that organisation waits for confirmation, no invoice is made: it raises
  `EnrollmentInvoiceWaitsError` (a DomainError saying which membership), so the first invoice
  has the right price (ADR 0042).
- `enrollment_invoice_issue(*, user, program, actor, today=None) -> Invoice | None`: the same,
  but None while it waits; `enrollment_waits_on(*, user, program) -> list[Membership]`: what it
  waits for (empty: nothing).
- `renewal_invoice_create(*, user, program, actor, subject="", today=None) -> Invoice` and
  `course_approval_invoice_create(*, provider, program, course_title, actor, subject="",
  today=None) -> Invoice`: one live invoice per `subject` (e.g. "certificate:12", "course:7").
- `invoice_add_credit(*, invoice, amount: Money, description, source, actor) -> InvoiceLine`:
  a scholarship award's credit on an unpaid invoice; one line per `source` (e.g. "award:3"); a
  credit larger than the balance is refused; one that covers it settles the invoice (Certify's
  `settle` move, whoever added the credit).
- `invoice_remove_credit(*, invoice, source, reason, actor) -> InvoiceLine | None`: takes that
  credit back (a reversing line) while the invoice is still to be paid; refused once it is paid.
  Both change what is owed: the invoice's open card checkouts (opened for the old amount) are
  expired at Stripe after commit (`checkout_sessions_expire`); money a tab took meanwhile is kept
  and, beyond what was owed, is a refund pending that staff are told of.

Refusing payment
- `on_pay_refusal(rule)`: register `rule(invoice, *, staff) -> reason or None`, why no money is
  taken for an invoice now, in the payer's words (`staff=True`: in staff's): the card checkout
  refuses it (nothing written), the invoice page says it instead of how to pay, and staff
  recording an offline payment are refused (renewals: a suspended or revoked certificate;
  courses: the fee of a course whose approval, or provider's, is suspended);
  `pay_refusal(invoice, *, staff=False) -> str | None` reads it (renewals' page says it instead
  of "Pay").
- `on_invoice_parties(rule)`: register `rule(invoice) -> user ids`, the people an invoice
  concerns besides its own person (courses: the provider's people for a course's approval
  fee); program staff among them do not record a payment on it, refund or void it (ADR 0022).
- `on_money_concern(rule)`: register `rule(invoice, *, offline=False) -> words or None`, why a
  card payment that paid the invoice exactly is still for something that no longer stands
  (applications: the fee of a withdrawn application; renewals: a stopped certificate's
  renewal; courses: the fee of a course whose approval, or provider's, is suspended); staff
  are told once per payment (`payment.to_check`), in those words. With `offline=True`, the
  words for staff about to record an offline payment: `payment_record` records it only with
  `record_anyway=True`.
- `checkout_sessions_expire(*, invoice) -> int`: mark the invoice's open checkout sessions to
  be expired at Stripe, in the caller's transaction; a background task asks Stripe after commit
  and tries again while Stripe cannot be reached (ADR 0052), so a tab opened before cannot pay.

State
- `invoice_is_settled(*, invoice) -> bool`: fully paid or covered (a refunded invoice is not).
- `enrollment_is_settled(*, user, program) -> bool`: enrollment is not complete until this holds.
- `enrollment_invoice_for(*, user, program) -> Invoice | None`.
- `renewal_invoice_for(*, user, program) -> Invoice | None`: the newest renewal invoice to pay.
- `payment_due_at_application(*, program) -> bool`: the program's rule of order
  (`Program.payment_timing`): pay when applying (refunded if not eligible), or after acceptance.

Refunds (`actor`: program staff other than the invoice's person, or the refund is refused)
- `enrollment_fee_refund(*, user, program, reason, actor) -> list[Refund]`: refunds whatever
  was paid on the enrollment invoice and cancels it; does nothing when nothing was paid. This is
  the one call the applications app makes when it rejects an ineligible applicant.
- `invoice_refund(*, invoice, reason, actor, amount, reference="", refundable_seen=None,
  tell_payer=True) -> list[Refund]`: `amount` is required (None is refused: "Enter the amount
  to refund, up to …" and what is refundable, in the invoice's currency); `refundable_seen`
  refuses a stale confirmation; `tell_payer=False` sends no refund receipt, for an app whose
  own notice of the decision says so (courses: a revoked approval's renewal fee).
  `refund_check(...)` checks the same without writing (the confirmation page).
- `on_refund_refusal(rule)`: register `rule(invoice) -> reason or None`, why staff may not
  refund it now, in their words with what they can do instead; `refund_check` (so every
  refund, page and API) refuses with it (renewals: the fee of a refused renewal that the
  holder's next renewal, still open, is using).
- Card refunds reach Stripe after the decision commits, in a background task with retries
  (ADR 0052): a `Refund`'s `status` is "pending" (on its way), "sent" or "failed" (staff are
  told); `refund_retry(*, refund, actor)` tries a failed one again. Reads `refund_get`,
  `refunds_not_sent(*, status="")`.

Void, credit notes, re-pricing (ADR 0041; `actor`: program staff other than the invoice's
person, or Certify's `SYSTEM` for a void)
- `enrollment_invoice_close(*, user, program, reason, actor) -> str`: the application was not
  accepted: an open enrollment invoice on which nothing was paid is voided by Certify (with a
  credit note); whatever was paid is refunded by `actor`. Returns "voided", "refunded" or "".
  The one call the applications app makes when it rejects an application.
- `invoice_void(*, invoice, reason, actor) -> CreditNote`: refused once anything was paid.
- `invoice_void_rest(*, invoice, reason, actor, held_words=HELD) -> CreditNote | None`: what an
  open invoice was for no longer applies (a renewal closed by a revocation): voided even when
  part was paid; the credit note cancels what was still owed, and what was paid stays on the
  void invoice as "refund pending" for staff to refund (`HELD_FOR_STAFF`: staff first decide
  whether part of it is owed). None when it is no longer open (paid meanwhile).
- `invoice_reprice(*, invoice, amount, reason, actor) -> Invoice` and `invoice_reissue(*,
  invoice, reason, actor, due_on=None, bill_to_name="", bill_to_email="") -> Invoice`: void an
  enrollment invoice and issue the one that replaces it (`Invoice.replaces`).

Locking
- `invoice_lock(invoice) -> Invoice`: the invoice read again with its row locked until the
  transaction ends, the lock paying, crediting and refunding take first; an app that decides
  something about the money on it takes it after its own rows (ADR 0071's order: certificate,
  renewal, invoice; renewals: what a refusal says of a fee paid after the lapse).

For the REST package: reads `invoice_get`, `invoice_list` (its `status` also `REFUND_PENDING`:
invoices holding money to refund), `invoice_list_for_user`,
`payment_list`; writes `payment_record` (staff other than the invoice's person record an
offline payment; `record_anyway=True` once they confirmed a concern, see `on_money_concern`).

Events (the invoice workflow's moves, published by the engine after commit; subscribe with
`certify.core.events.subscriber`)
- `INVOICE_PAID` ("invoice.paid"): the invoice became fully paid (Certify's `settle`), once.
- `INVOICE_REFUNDED` ("invoice.refunded"): everything paid was refunded; the invoice is cancelled.
- `INVOICE_VOID` ("invoice.void"): an open invoice was voided (with a credit note).
  These three carry `invoice_id`, `kind`, `subject`, `user_id`, `program_id`, `actor_id`, `move`.
- `INVOICE_REPLACED` ("invoice.replaced"): staff re-priced or re-issued an invoice (or Certify
  re-priced one at the member price, `actor_id` None); carries `invoice_id` (the new one),
  `replaces_id`, `kind`, `user_id`, `program_id`, `actor_id`, `change`.
- `member_price_overpaid(invoice) -> Money | None`: what was paid on an enrollment invoice
  beyond the member price of a membership confirmed after the invoice was issued (staff may
  refund it). Payments itself follows `membership.confirmed` (`handlers.py`, ADR 0042).
"""

from certify.accounts.models import User
from certify.payments.concerns import on_money_concern
from certify.payments.events import (
    INVOICE_PAID,
    INVOICE_REFUNDED,
    INVOICE_REPLACED,
    INVOICE_VOID,
)
from certify.payments.models import Invoice
from certify.payments.parties import on_invoice_parties
from certify.payments.refusals import on_pay_refusal, on_refund_refusal, pay_refusal
from certify.payments.selectors import (
    REFUND_PENDING,
    enrollment_invoice_for,
    invoice_get,
    invoice_list,
    invoice_list_for_user,
    payment_list,
    refund_get,
    refunds_not_sent,
    renewal_invoice_for,
)
from certify.payments.services import (
    EnrollmentInvoiceWaitsError,
    checkout_sessions_expire,
    course_approval_invoice_create,
    enrollment_fee_refund,
    enrollment_invoice_close,
    enrollment_invoice_get_or_create,
    enrollment_invoice_issue,
    enrollment_waits_on,
    invoice_add_credit,
    invoice_refund,
    invoice_reissue,
    invoice_remove_credit,
    invoice_reprice,
    invoice_void,
    invoice_void_rest,
    payment_record,
    refund_check,
    refund_retry,
    renewal_invoice_create,
)
from certify.payments.services.common import invoice_lock
from certify.payments.services.member_difference import member_price_overpaid
from certify.payments.services.voids import HELD_FOR_STAFF
from certify.programs.models import Program


def invoice_is_settled(*, invoice: Invoice) -> bool:
    invoice.refresh_from_db(fields=["status"])
    return invoice.is_settled


def enrollment_is_settled(*, user: User, program: Program) -> bool:
    return Invoice.objects.filter(
        user=user, program=program, kind=Invoice.Kind.ENROLLMENT, status=Invoice.Status.PAID
    ).exists()


def payment_due_at_application(*, program: Program) -> bool:
    return program.payment_timing == Program.PaymentTiming.AT_APPLICATION


__all__ = [
    "HELD_FOR_STAFF",
    "INVOICE_PAID",
    "INVOICE_REFUNDED",
    "INVOICE_REPLACED",
    "INVOICE_VOID",
    "REFUND_PENDING",
    "EnrollmentInvoiceWaitsError",
    "checkout_sessions_expire",
    "course_approval_invoice_create",
    "enrollment_fee_refund",
    "enrollment_invoice_close",
    "enrollment_invoice_for",
    "enrollment_invoice_get_or_create",
    "enrollment_invoice_issue",
    "enrollment_is_settled",
    "enrollment_waits_on",
    "invoice_add_credit",
    "invoice_get",
    "invoice_is_settled",
    "invoice_list",
    "invoice_list_for_user",
    "invoice_lock",
    "invoice_refund",
    "invoice_reissue",
    "invoice_remove_credit",
    "invoice_reprice",
    "invoice_void",
    "invoice_void_rest",
    "member_price_overpaid",
    "on_invoice_parties",
    "on_money_concern",
    "on_pay_refusal",
    "on_refund_refusal",
    "pay_refusal",
    "payment_due_at_application",
    "payment_list",
    "payment_record",
    "refund_check",
    "refund_get",
    "refund_retry",
    "refunds_not_sent",
    "renewal_invoice_create",
    "renewal_invoice_for",
]
