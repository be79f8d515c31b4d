"""Invoices and payments: the candidate's own (session sign-in), and staff endpoints."""

from datetime import date, datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from certify.core.money import Money
from certify.payments import api as payments
from certify.payments.models import Invoice, InvoiceLine, Payment, Refund
from certify.rest.auth import token_or_session
from certify.rest.openapi import EXAMPLE_FEE_CENTS, example, problems
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("payments"))
staff_router = Router(auth=token_or_session("staff"))


class InvoiceLineOut(Schema):
    kind: str
    description: str
    amount_cents: int
    member_difference_cents: int = Field(
        description="Of a refund's credit line, the part that refunded the member price "
        "difference (a membership confirmed after the invoice was issued at the full price); "
        "the invoice page and PDF say 'Member price difference refunded'. 0 on other lines."
    )


class PaymentOut(Schema):
    id: int
    receipt_code: str
    invoice: str
    method: str
    currency: str
    amount_cents: int
    refunded_cents: int
    reference: str
    received_on: date
    receipt_url: str

    model_config = example(
        {
            "id": 12,
            "receipt_code": "R-000012",
            "invoice": "LSSCP-000031",
            "method": "cheque",
            "currency": "USD",
            "amount_cents": EXAMPLE_FEE_CENTS,
            "refunded_cents": 0,
            "reference": "Check 1042",
            "received_on": "2026-03-02",
            "receipt_url": "/payments/receipts/12/pdf/",
        }
    )

    @staticmethod
    def resolve_invoice(obj) -> str:
        return obj.invoice.code

    @staticmethod
    def resolve_currency(obj) -> str:
        return obj.invoice.currency

    @staticmethod
    def resolve_receipt_url(obj) -> str:
        return f"/payments/receipts/{obj.pk}/pdf/"


class RefundOut(Schema):
    id: int
    invoice: str
    amount_cents: int
    reason: str
    reference: str
    refunded_on: date = Field(description="The day the refund was decided (requested).")
    method: str = Field(description="How the refunded payment was made: card, cheque, …")
    status: str = Field(
        description="pending: on its way (a card refund Stripe has not accepted yet, tried "
        "again with backoff); sent; failed: could not be sent (program staff are told)."
    )
    status_text: str
    attempts: int = Field(description="Tries at sending a card refund to Stripe so far.")
    failure: str = Field(description="What Stripe answered last, in plain words.")
    next_attempt_at: datetime | None
    sent_at: datetime | None

    model_config = example(
        {
            "id": 7,
            "invoice": "LSSCP-000031",
            "amount_cents": EXAMPLE_FEE_CENTS,
            "reason": "Not eligible: not enough experience.",
            "reference": "re_3Nx…",
            "refunded_on": "2026-03-04",
            "method": "card",
            "status": "pending",
            "status_text": "On its way",
            "attempts": 1,
            "failure": "Stripe could not be reached, or did not answer in time.",
            "next_attempt_at": "2026-03-04T10:16:00Z",
            "sent_at": None,
        }
    )

    @staticmethod
    def resolve_invoice(obj) -> str:
        return obj.invoice.code

    @staticmethod
    def resolve_method(obj) -> str:
        return obj.payment.method

    @staticmethod
    def resolve_status_text(obj) -> str:
        return obj.get_status_display()


INVOICE_EXAMPLE = {
    "code": "LSSCP-000031",
    "program": "lsscp",
    "kind": "enrollment",
    "status": "paid",
    "currency": "USD",
    "issued_on": "2026-02-20",
    "due_on": "2026-03-22",
    "total_cents": EXAMPLE_FEE_CENTS,
    "paid_cents": EXAMPLE_FEE_CENTS,
    "refunded_cents": 0,
    "balance_cents": 0,
    "amount_due_cents": 0,
    "lines": [
        {
            "kind": "enrollment_fee",
            "description": "LSSCP enrollment fee",
            "amount_cents": EXAMPLE_FEE_CENTS,
            "member_difference_cents": 0,
        }
    ],
    "url": "/payments/invoices/LSSCP-000031/",
    "pdf_url": "/payments/invoices/LSSCP-000031/pdf/",
}


class InvoiceOut(Schema):
    code: str
    program: str
    kind: str
    status: str
    currency: str
    issued_on: date
    due_on: date
    total_cents: int
    paid_cents: int
    refunded_cents: int
    balance_cents: int
    amount_due_cents: int
    lines: list[InvoiceLineOut]
    url: str
    pdf_url: str

    model_config = example(INVOICE_EXAMPLE)

    @staticmethod
    def resolve_program(obj) -> str:
        return obj.program.slug

    @staticmethod
    def resolve_amount_due_cents(obj) -> int:
        return obj.amount_due.cents

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_pdf_url(obj) -> str:
        return f"{obj.get_absolute_url()}pdf/"


class InvoiceDetailOut(InvoiceOut):
    replaced_by: str | None = Field(
        description="A void invoice's replacement (re-priced or re-issued): the number of the "
        "invoice to pay instead; null when nothing replaced it."
    )
    member_price_refundable_cents: int = Field(
        description="An enrollment invoice issued at the full price before the person's "
        "membership of the program's member organization was confirmed: what was paid beyond "
        "the member price, which program staff may refund; 0 otherwise. (An unpaid one is "
        "replaced at the member price instead: see replaced_by.)"
    )
    payments: list[PaymentOut]
    refunds: list[RefundOut]

    model_config = example(
        {
            **INVOICE_EXAMPLE,
            "replaced_by": None,
            "member_price_refundable_cents": 0,
            "payments": [
                {
                    "id": 12,
                    "receipt_code": "R-000012",
                    "invoice": "LSSCP-000031",
                    "method": "cheque",
                    "currency": "USD",
                    "amount_cents": EXAMPLE_FEE_CENTS,
                    "refunded_cents": 0,
                    "reference": "Check 1042",
                    "received_on": "2026-03-02",
                    "receipt_url": "/payments/receipts/12/pdf/",
                }
            ],
            "refunds": [],
        }
    )

    @staticmethod
    def resolve_replaced_by(obj) -> str | None:
        replacements = list(obj.replacements.all())  # prefetched (`invoice_get`)
        return replacements[-1].code if replacements else None

    @staticmethod
    def resolve_member_price_refundable_cents(obj) -> int:
        over = payments.member_price_overpaid(obj)
        return over.cents if over is not None else 0

    @staticmethod
    def resolve_payments(obj) -> list:
        return list(obj.payments.all())

    @staticmethod
    def resolve_refunds(obj) -> list:
        return list(obj.refunds.all())  # prefetched with their payments (`invoice_get`)


class OfflinePaymentIn(InputSchema):
    method: str = Field(
        description="cheque (a paper check), purchase_order or institutional_invoice",
        examples=["cheque"],
    )
    amount_cents: int = Field(gt=0, description="In the invoice's currency, in cents.")
    reference: str = Field(description="Check, purchase order or institutional reference.")
    received_on: date | None = Field(None, description="Defaults to today.")
    note: str = ""
    record_anyway: bool = Field(
        False,
        description="Set it to true to record the payment although the invoice's fee is for "
        "something that no longer stands (the enrollment fee of an application its candidate "
        "withdrew: record it only if they are applying again). Left false, such a payment is "
        "refused (400, field `record_anyway`) with words that say what the fee was for.",
    )

    model_config = example(
        {
            "method": "cheque",
            "amount_cents": EXAMPLE_FEE_CENTS,
            "reference": "Check 1042",
            "received_on": "2026-03-02",
            "note": "Paid by the employer.",
        }
    )


class RefundIn(InputSchema):
    amount_cents: int | None = Field(
        None,
        gt=0,
        description="Required, in cents of the invoice's currency: left out, the refund is "
        'refused with "Enter the amount to refund, up to …" and the amount in that currency (as '
        "on the staff page). Refunding everything that is refundable cancels the invoice.",
    )
    reason: str
    reference: str = ""
    refundable_cents: int | None = Field(
        None,
        description="Optional: what you saw as refundable. If another refund or payment changed "
        "it since, the refund is refused (a stale or replayed request), as on the staff page.",
    )

    model_config = example(
        {
            "amount_cents": EXAMPLE_FEE_CENTS,
            "reason": "Not eligible: not enough experience.",
            "reference": "RF-88",
            "refundable_cents": EXAMPLE_FEE_CENTS,
        }
    )


def _lines() -> Prefetch:
    return Prefetch("lines", queryset=InvoiceLine.objects.order_by("id"))


def _invoice(request: HttpRequest, code: str) -> Invoice:
    try:
        invoice = payments.invoice_get(code=code)
    except Invoice.DoesNotExist:
        raise HttpError(404, "No such invoice.") from None
    if not request.user.has_perm("payments.view_invoice", invoice):
        # Another person's invoice answers as an unknown code (docs/security.md).
        raise HttpError(404, "No such invoice.")
    return invoice


def _staff(request: HttpRequest) -> None:
    if not request.user.has_perm("payments.manage_payments"):
        raise HttpError(403, "Only program staff may do this.")


@router.get("/invoices", response=list[InvoiceOut], summary="List your invoices")
@paginate(Pagination)
def my_invoices(request: HttpRequest):
    """Your invoices, newest first, each with its lines and balance (amounts in cents)."""
    return payments.invoice_list_for_user(user=request.user).prefetch_related(_lines())  # type: ignore[arg-type]


@router.get(
    "/invoices/{code}",
    response=InvoiceDetailOut,
    summary="Get one of your invoices",
)
def my_invoice(request: HttpRequest, code: str):
    """An invoice with its lines, payments and refunds. Staff may read any invoice."""
    return _invoice(request, code)


@router.get("/payments", response=list[PaymentOut], summary="List your payments")
@paginate(Pagination)
def my_payments(request: HttpRequest):
    """Everything you paid, newest first, with a link to each receipt (PDF)."""
    return payments.payment_list(user=request.user)  # type: ignore[arg-type]


# The staff list's filters, as on the staff page: an invoice status, or `refund_pending`.
STAFF_INVOICE_FILTERS = [*Invoice.Status.values, payments.REFUND_PENDING]
STAFF_INVOICE_STATUS = Query(
    "open",
    description="open (the default: outstanding), paid, refunded, void, or refund_pending: "
    "invoices holding money that is not owed (a void invoice with money paid on it, or one "
    "paid more than its total), for staff to refund; empty for all.",
    example=payments.REFUND_PENDING,
)


@staff_router.get(
    "/invoices",
    response={200: list[InvoiceOut], **problems(400)},
    summary="List invoices (staff)",
)
@paginate(Pagination)
def staff_invoices(request: HttpRequest, status: str = STAFF_INVOICE_STATUS, q: str = ""):
    """Every invoice; `status=open` (the default) lists what is outstanding, `refund_pending`
    those holding money to refund (as the staff page's "Refund pending"), empty lists all (an
    unknown status is a 400); `q` searches codes, names and e-mails. Program staff only."""
    _staff(request)
    if status and status not in STAFF_INVOICE_FILTERS:
        raise HttpError(400, f"Status must be one of: {', '.join(STAFF_INVOICE_FILTERS)}.")
    return payments.invoice_list(status=status, search=q).prefetch_related(_lines())


@staff_router.post(
    "/invoices/{code}/payments",
    response={201: PaymentOut},
    summary="Record an offline payment (staff)",
)
def staff_payment_record(request: HttpRequest, code: str, body: OfflinePaymentIn):
    """A cheque, purchase order or institutional payment. More than the balance is refused, and
    so is one for a fee that is not taken now (the renewal fee of a suspended certificate or
    course); one for a withdrawn application's fee needs `record_anyway` (as the staff page's
    "Record it all the same")."""
    _staff(request)
    invoice = _invoice(request, code)
    payment = payments.payment_record(
        invoice=invoice,
        amount=Money(body.amount_cents, invoice.currency),
        method=body.method,
        reference=body.reference,
        received_on=body.received_on,
        note=body.note,
        actor=request.user,  # type: ignore[arg-type]
        record_anyway=body.record_anyway,
    )
    return Status(201, Payment.objects.select_related("invoice").get(pk=payment.pk))


@staff_router.post(
    "/invoices/{code}/refunds",
    response={201: InvoiceDetailOut},
    summary="Refund all or part of what was paid (staff)",
)
def staff_refund(request: HttpRequest, code: str, body: RefundIn):
    """Refunds never leave anything owed; refunding everything cancels the invoice."""
    _staff(request)
    invoice = _invoice(request, code)
    payments.invoice_refund(
        invoice=invoice,
        amount=None if body.amount_cents is None else Money(body.amount_cents, invoice.currency),
        reason=body.reason,
        reference=body.reference,
        refundable_seen=body.refundable_cents,
        actor=request.user,
    )
    return Status(201, payments.invoice_get(code=code))


@staff_router.get(
    "/refunds",
    response={200: list[RefundOut], **problems(400)},
    summary="List refunds not sent yet (staff)",
)
@paginate(Pagination)
def staff_refunds(request: HttpRequest, status: str = ""):
    """Card refunds that have not reached the card: `failed` (could not be sent; try them
    again) first, then `pending` (on their way); `status` keeps one kind. Program staff only."""
    _staff(request)
    if status not in ("", "failed", "pending"):
        raise HttpError(400, "Status must be failed, pending or empty.")
    return payments.refunds_not_sent(status=status)


@staff_router.post(
    "/refunds/{refund_id}/retry",
    response={200: RefundOut},
    summary="Try a refund that could not be sent again (staff)",
)
def staff_refund_retry(request: HttpRequest, refund_id: int):
    """Only a refund that could not be sent (`failed`) may be tried again; it is then
    `pending` and goes to Stripe at once. Not by the invoice's own person."""
    _staff(request)
    try:
        refund = payments.refund_get(refund_id=refund_id)
    except Refund.DoesNotExist:
        raise HttpError(404, "No such refund.") from None
    payments.refund_retry(refund=refund, actor=request.user)
    return payments.refund_get(refund_id=refund_id)
