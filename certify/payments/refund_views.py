"""Staff refund money: the amount typed and checked (the invoice page's form posts its check,
answered with the confirmation at its own address, ADR 0043), a confirmation page saying exactly
what will happen (ADR 0040's `confirm.html`, read with a GET that changes nothing), then the
refund; and the list of card refunds not sent yet, where a failed one is tried again (ADR 0052)."""

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.forms import amount_text
from certify.core.http import saved_redirect
from certify.core.money import Money
from certify.payments import selectors, services
from certify.payments.forms import RefundForm
from certify.payments.models import Invoice, Payment, Refund

PAGE_SIZE = 100


def _form(invoice: Invoice, data: object = None) -> RefundForm:
    return RefundForm(data, currency=invoice.currency, refundable=invoice.net_paid)


def _refused(request: HttpRequest, invoice: Invoice, form: RefundForm, error: DomainError):
    from certify.payments import views

    form.add_error(error.field if error.field in form.fields else None, error.message)
    return views._detail(request, invoice, refund_form=form, status=400)


def _paid_by(payment: Payment) -> str:
    when = date_format(payment.received_on, "DATE_FORMAT")
    return f"receipt {payment.receipt_code}, paid on {when}"


def refund_sentences(*, invoice: Invoice, amount: Money, reason: str) -> list[str]:
    """What the refund will do, said exactly: where each part goes, what the invoice shows."""
    plan = services.refund_plan(invoice=invoice, cents=amount.cents)
    happens = []
    for payment, part in plan.parts:
        money = Money(part, invoice.currency)
        if payment.method == Payment.Method.CARD:
            happens.append(
                f"Refund {money.with_cents()} to the card that paid ({_paid_by(payment)}), "
                "through Stripe. It "
                "is sent after you confirm; if Stripe cannot be reached, Certify tries again, "
                "and staff are told if it cannot be sent."
            )
        else:
            happens.append(
                f"Record {money.with_cents()} given back for the "
                f"{payment.get_method_display().lower()} "
                f"payment ({_paid_by(payment)}): you send it back to the payer yourself."
            )
    refunded = Money(invoice.refunded_cents + amount.cents, invoice.currency)
    if invoice.status == Invoice.Status.VOID:
        happens.append(f"Invoice {invoice.code} stays void.")
    elif plan.full:
        happens.append(
            f"Invoice {invoice.code} will show “Refunded”: everything paid "
            f"({refunded.with_cents()}) is given "
            "back, the invoice is canceled and nothing is owed."
        )
    elif plan.write_off:
        credit = Money(plan.write_off, invoice.currency)
        happens.append(
            f"Invoice {invoice.code} will show {refunded.with_cents()} refunded, and its total "
            f"will be lowered by {credit.with_cents()} (a line “Refunded”); it stays paid and "
            "nothing is owed."
        )
    else:
        happens.append(
            f"Invoice {invoice.code} will show {refunded.with_cents()} refunded: the "
            "overpayment is given back, and it stays paid."
        )
    stop = "" if reason[-1:] in ".!?" else "."  # no “….”. after a reason that ends a sentence
    happens.append(f"{invoice.bill_to_name} is told by e-mail, with your reason: “{reason}”{stop}")
    happens.append("This cannot be undone.")
    return happens


@require_GET
@permission_required("payments.manage_payments")
def refund_confirm(request: HttpRequest, code: str) -> HttpResponse:
    """The refund form's answer: what will happen, and a button that makes it. Reading it
    changes nothing; every check the refund makes is made here first."""
    from certify.payments import views

    invoice = views._invoice(request, code)
    form = _form(invoice, request.GET)
    if not form.is_valid():
        return views._detail(request, invoice, refund_form=form, status=400)
    data = form.cleaned_data
    try:
        amount = services.refund_check(
            invoice=invoice,
            amount=data["amount"],
            reason=data["reason"],
            actor=cast(User, request.user),
        )
    except DomainError as error:
        return _refused(request, invoice, form, error)
    reason = data["reason"].strip()
    return render(
        request,
        "confirm.html",
        {
            "title": f"Refund {amount.with_cents()} on invoice {invoice.code}?",
            "eyebrow": f"Billed to {invoice.bill_to_name} ({invoice.bill_to_email})",
            "happens": refund_sentences(invoice=invoice, amount=amount, reason=reason),
            "action": reverse("payments:refund_create", args=[invoice.code]),
            "hidden": [
                ("amount", amount_text(amount.cents)),
                ("reason", reason),
                ("reference", data["reference"]),
                ("refundable_seen", str(invoice.net_paid_cents)),
            ],
            "button": f"Yes, refund {amount.with_cents()}",
            "back": invoice.get_absolute_url(),
        },
    )


@require_POST
@permission_required("payments.manage_payments")
def refund_create(request: HttpRequest, code: str) -> HttpResponse:
    """The invoice page's refund form ("Check the refund", `step=check`) and the confirmation's
    button. The form's post is checked as the refund would be and answered with the
    confirmation page's own address (a refusal: the invoice page with the errors, at the
    form's `#refund-errors`); so is a post that did not come from the confirmation page (no
    `refundable_seen`). Only the confirmation's button refunds."""
    from certify.payments import views

    invoice = views._invoice(request, code)
    form = _form(invoice, request.POST)
    if not form.is_valid():
        return views._detail(request, invoice, refund_form=form, status=400)
    data = form.cleaned_data
    actor = cast(User, request.user)
    if request.POST.get("step") == "check" or data["refundable_seen"] is None:
        try:  # every check the refund makes, nothing written
            services.refund_check(
                invoice=invoice, amount=data["amount"], reason=data["reason"], actor=actor
            )
        except DomainError as error:
            return _refused(request, invoice, form, error)
        query = urlencode({k: request.POST.get(k, "") for k in ("amount", "reason", "reference")})
        confirm = reverse("payments:refund_confirm", args=[invoice.code])
        return saved_redirect(f"{confirm}?{query}")
    try:
        refunds = services.invoice_refund(
            invoice=invoice,
            amount=data["amount"],
            reason=data["reason"],
            reference=data["reference"],
            refundable_seen=data["refundable_seen"],
            actor=actor,
        )
    except DomainError as error:
        return _refused(request, invoice, form, error)
    total = Money(sum(r.amount_cents for r in refunds), invoice.currency)
    card = any(r.status == Refund.Status.PENDING for r in refunds)
    messages.success(
        request,
        f"Refund of {total.with_cents()} recorded on {invoice.code}."
        + (" The card refund is on its way to Stripe." if card else ""),
    )
    return saved_redirect(invoice.get_absolute_url())


@permission_required("payments.manage_payments")
def staff_refunds(request: HttpRequest) -> HttpResponse:
    """Card refunds not sent yet: those that could not be sent first, with "Try again"."""
    status = request.GET.get("status", "")
    if status not in ("", Refund.Status.FAILED, Refund.Status.PENDING):
        status = ""
    refunds = list(selectors.refunds_not_sent(status=status)[:PAGE_SIZE])
    return render(
        request,
        "payments/staff_refunds.html",
        {"refunds": refunds, "status": status, "page_size": PAGE_SIZE},
    )


@require_POST
@permission_required("payments.manage_payments")
def refund_retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        refund = selectors.refund_get(refund_id=pk)
    except Refund.DoesNotExist:
        raise Http404("No such refund.") from None
    try:
        services.refund_retry(refund=refund, actor=cast(User, request.user))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"The card refund of {refund.amount.with_cents()} on invoice {refund.invoice.code} "
            "is being sent again.",
        )
    back = request.POST.get("back", "")
    if back == "invoice":
        return redirect(refund.invoice)
    return redirect("payments:staff_refunds")
