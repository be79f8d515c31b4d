"""Starting the enrollment invoice (the candidate), and staff voiding, re-pricing and re-issuing
an invoice (ADR 0041), through the services the pages call.

Registered on the payments routers; a module of its own so `payments` stays small. The pages'
warning step has no operation of its own: it writes nothing, and each call here is the
confirmed change. A repeated call finds the invoice void already and is refused (400)."""

from datetime import date
from typing import cast

from django.http import HttpRequest
from ninja import Field, Status
from ninja.errors import HttpError

from certify.accounts.models import Role, User
from certify.core.money import Money
from certify.payments import api as payments
from certify.programs import api as programs
from certify.programs.models import Program
from certify.rest.auth import token_or_session
from certify.rest.openapi import EXAMPLE_RULES, example
from certify.rest.payments import InvoiceDetailOut, _invoice, _staff, router, staff_router
from certify.rest.schemas import InputSchema


@router.post(
    "/enrollment/{slug}",
    response={200: InvoiceDetailOut, 201: InvoiceDetailOut},
    summary="Start paying a program's enrollment fee",
    auth=token_or_session("applications"),
)
def enrollment_start(request: HttpRequest, slug: str):
    """For a program paid when applying: your enrollment invoice, made now (201) or the one
    you have (200), at the member price when your membership is confirmed. While a membership
    waits for confirmation no invoice is made (400 saying which). A candidate's operation, so
    it takes the "applications" scope. Pay it on the invoice's page (card) or as it says."""
    user = cast(User, request.user)
    if not (user.has_perm("payments.view_own_invoices") and user.has_role(Role.CANDIDATE)):
        raise HttpError(403, "Only candidates pay an enrollment fee.")
    program = programs.program_get(slug=slug)
    if program.payment_timing != Program.PaymentTiming.AT_APPLICATION:
        raise HttpError(400, f"{program.short_name} is paid after your application is accepted.")
    had = payments.enrollment_invoice_for(user=user, program=program)
    invoice = payments.enrollment_invoice_get_or_create(user=user, program=program, actor=user)
    made = had is None or had.pk != invoice.pk
    return Status(201 if made else 200, payments.invoice_get(code=invoice.code))


class VoidIn(InputSchema):
    reason: str = Field(
        "", max_length=1000, description="Printed on the credit note; the person billed reads it."
    )

    model_config = example({"reason": "Issued twice by mistake."})


class RepriceIn(InputSchema):
    amount_cents: int | None = Field(
        None, description="The corrected price, in cents of the invoice's currency."
    )
    reason: str = Field("", max_length=1000, description="Printed on both documents.")

    model_config = example(
        {
            "amount_cents": EXAMPLE_RULES["member_fee_cents"],
            "reason": "Confirmed member (member no. 12345).",
        }
    )


class ReissueIn(InputSchema):
    reason: str = Field("", max_length=1000, description="Printed on the void one's credit note.")
    due_on: date | None = Field(None, description="Empty: 30 days from today.")
    bill_to_name: str = Field("", max_length=200, description="Empty: the same name as now.")
    bill_to_email: str = Field("", max_length=254, description="Empty: the same address.")

    model_config = example(
        {
            "reason": "The employer pays.",
            "due_on": "2027-01-15",
            "bill_to_name": "Hill Library",
            "bill_to_email": "accounts@hill-library.org",
        }
    )


@staff_router.post(
    "/invoices/{code}/void", response=InvoiceDetailOut, summary="Void an invoice (staff)"
)
def invoice_void(request: HttpRequest, code: str, payload: VoidIn):
    """An open invoice on which nothing was paid becomes void, with a credit note quoting the
    reason (money paid is refunded instead). Not on your own invoice; a reason is required."""
    _staff(request)
    invoice = _invoice(request, code)
    payments.invoice_void(invoice=invoice, reason=payload.reason, actor=request.user)
    return payments.invoice_get(code=code)


@staff_router.post(
    "/invoices/{code}/reprice",
    response={201: InvoiceDetailOut},
    summary="Re-price an enrollment invoice (staff)",
)
def invoice_reprice(request: HttpRequest, code: str, payload: RepriceIn):
    """The invoice becomes void (with a credit note) and a new one for the corrected price
    replaces it and is e-mailed; the answer is the new invoice. Enrollment invoices only."""
    _staff(request)
    invoice = _invoice(request, code)
    cents = payload.amount_cents
    replacement = payments.invoice_reprice(
        invoice=invoice,
        amount=None if cents is None else Money(cents, invoice.currency),
        reason=payload.reason,
        actor=cast(User, request.user),
    )
    return Status(201, payments.invoice_get(code=replacement.code))


@staff_router.post(
    "/invoices/{code}/reissue",
    response={201: InvoiceDetailOut},
    summary="Re-issue an enrollment invoice (staff)",
)
def invoice_reissue(request: HttpRequest, code: str, payload: ReissueIn):
    """The invoice becomes void (with a credit note) and a new one with the same lines
    replaces it: a new due date, or another name or address to bill. The answer is the new
    invoice. Enrollment invoices only."""
    _staff(request)
    invoice = _invoice(request, code)
    replacement = payments.invoice_reissue(
        invoice=invoice,
        reason=payload.reason,
        actor=cast(User, request.user),
        due_on=payload.due_on,
        bill_to_name=payload.bill_to_name,
        bill_to_email=payload.bill_to_email,
    )
    return Status(201, payments.invoice_get(code=replacement.code))
