import csv
from datetime import date
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from certify.accounts.models import Role, User
from certify.core.decorators import permission_required
from certify.core.documents import document_pdf
from certify.core.errors import DomainError
from certify.core.forms import amount_text
from certify.core.hidden import require_or_hide
from certify.core.http import saved_redirect
from certify.core.money import Money
from certify.core.spreadsheets import formula_safe
from certify.payments import documents, selectors, services, void_views
from certify.payments.concerns import money_concern
from certify.payments.forms import InvoiceFilterForm, OfflinePaymentForm, PeriodForm, RefundForm
from certify.payments.models import Invoice, Payment
from certify.payments.refusals import pay_refusal
from certify.payments.services.member_difference import member_price_overpaid
from certify.payments.services.member_price import MEMBER_PRICE_REFUND
from certify.payments.ways import payment_ways
from certify.programs import api as programs_api
from certify.programs.models import Program


def _invoice(request: HttpRequest, code: str, perm: str = "payments.view_invoice") -> Invoice:
    try:
        invoice = selectors.invoice_get(code=code)
    except Invoice.DoesNotExist:
        raise Http404("No such invoice.") from None
    # Another person's invoice is the 404 of an unknown code; staff, who know of it, 403.
    require_or_hide(request.user, invoice, perm, known_by="payments.view_invoice")
    return invoice


@permission_required("payments.view_own_invoices")
def invoice_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    invoices = list(selectors.invoice_list_for_user(user=user))
    payments = list(selectors.payment_list(user=user))
    startable: list[Program] = []
    if user.has_role(Role.CANDIDATE):
        invoiced = {
            i.program_id
            for i in invoices
            if i.kind == Invoice.Kind.ENROLLMENT and i.status != Invoice.Status.REFUNDED
        }
        startable = selectors.enrollment_programs_offered(user=user, invoiced=invoiced)
    # A program whose invoice waits for a membership decision says so instead (ADR 0042).
    waiting = {p.pk: services.enrollment_waits_on(user=user, program=p) for p in startable}
    return render(
        request,
        "payments/invoice_list.html",
        {
            "invoices": invoices,
            "payments": payments,
            "startable": [(p, waiting[p.pk]) for p in startable],
        },
    )


def _detail(
    request: HttpRequest,
    invoice: Invoice,
    *,
    payment_form: Form | None = None,
    refund_form: Form | None = None,
    status: int = 200,
    **change_forms: Form,
) -> HttpResponse:
    staff = request.user.has_perm("payments.manage_payments")
    payable = invoice.status == Invoice.Status.OPEN and invoice.balance_cents > 0
    context: dict[str, object] = {
        "invoice": invoice,
        "lines": list(invoice.lines.all()),
        "payments": list(invoice.payments.all()),
        "refunds": list(invoice.refunds.all()),
        "ways": payment_ways(program=invoice.program),
        "can_pay": request.user.has_perm("payments.pay_invoice", invoice) and payable,
        # Why no money is taken for it now (a renewal of a revoked certificate), said instead
        # of how to pay.
        "pay_refused": pay_refusal(invoice) if payable else None,
        "staff": staff,
        # Paid beyond the member price of a membership confirmed after it was issued (ADR 0042).
        "member_overpaid": member_price_overpaid(invoice),
    }
    if staff:
        # Before recording a check: what another app says the fee is no longer for (ADR 0052).
        concern = money_concern(invoice, offline=True) if payable else None
        context["payment_concern"] = concern
        context["payment_form"] = payment_form or OfflinePaymentForm(
            currency=invoice.currency,
            concern=concern,
            initial={
                "amount": invoice.amount_due,
                "received_on": programs_api.program_today(invoice.program),
            },
        )
        over = context["member_overpaid"]
        context["refund_form"] = refund_form or RefundForm(
            currency=invoice.currency,
            refundable=invoice.net_paid,
            initial={"amount": over, "reason": MEMBER_PRICE_REFUND} if over else None,
        )
        context.update(void_views.change_context(request, invoice, **change_forms))
    return render(request, "payments/invoice_detail.html", context, status=status)


@permission_required("payments.view_own_invoices")
def invoice_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _invoice(request, code))


@require_POST
@permission_required("payments.view_own_invoices")
def invoice_pay(request: HttpRequest, code: str) -> HttpResponse:
    invoice = _invoice(request, code, "payments.pay_invoice")
    back = request.build_absolute_uri(invoice.get_absolute_url())
    try:
        checkout = services.checkout_session_create(
            invoice=invoice,
            actor=request.user,
            success_url=request.build_absolute_uri(reverse("payments:paid", args=[invoice.code])),
            cancel_url=back,
        )
    except services.InvoiceReplacedError as replaced:
        # The words name the invoice to pay; the link takes the payer there.
        new = replaced.replacement
        messages.error(
            request,
            format_html(
                '{} <a href="{}">Go to invoice {}</a>.',
                replaced.message,
                new.get_absolute_url(),
                new.code,
            ),
        )
        return redirect(invoice)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(invoice)
    return redirect(checkout.url, permanent=False)


@permission_required("payments.view_own_invoices")
def invoice_paid(request: HttpRequest, code: str) -> HttpResponse:
    invoice = _invoice(request, code)
    if invoice.status == Invoice.Status.OPEN:
        messages.success(
            request,
            "Thank you. The card processor is confirming your payment; this page shows it as "
            "paid within a minute or two, and we e-mail your receipt. " + _after_payment(invoice),
        )
    return redirect(invoice)


def _after_payment(invoice: Invoice) -> str:
    """What happens next once this invoice is paid, for the payment's confirmation."""
    if invoice.kind == Invoice.Kind.ENROLLMENT:
        return (
            "What happens next: once your application is accepted and this is paid, your "
            "enrollment is complete; choose your electives and how you will show each set on your "
            "plan. Your account page lists every step and where it stands."
        )
    if invoice.kind == Invoice.Kind.RENEWAL:
        return (
            "What happens next: your certificate is renewed once this is paid (or its evidence "
            "is checked first, if it is chosen at random for a check). Your account page lists "
            "every step."
        )
    return ""


@require_POST
@permission_required("payments.view_own_invoices")
def enrollment_start(request: HttpRequest, slug: str) -> HttpResponse:
    user = cast(User, request.user)
    if not user.has_role(Role.CANDIDATE):
        raise PermissionDenied
    program = programs_api.program_get(slug=slug)
    if program.payment_timing != Program.PaymentTiming.AT_APPLICATION:
        messages.error(request, f"{program.short_name} is paid after your application is accepted.")
        return redirect("payments:list")
    try:
        invoice = services.enrollment_invoice_get_or_create(user=user, program=program, actor=user)
    except services.EnrollmentInvoiceWaitsError as waiting:
        messages.info(request, waiting.message)
        return redirect("payments:list")
    return redirect(invoice)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required("payments.view_own_invoices")
def invoice_pdf(request: HttpRequest, code: str) -> HttpResponse:
    invoice = _invoice(request, code)
    content = document_pdf(documents.invoice_document(invoice=invoice))
    return _pdf_response(content, f"invoice-{invoice.code}.pdf")


@permission_required("payments.view_own_invoices")
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        payment = selectors.payment_get(pk=pk)
    except Payment.DoesNotExist:
        raise Http404("No such payment.") from None
    require_or_hide(
        request.user, payment.invoice, "payments.view_invoice", known_by="payments.view_invoice"
    )
    content = document_pdf(documents.receipt_document(payment=payment))
    return _pdf_response(content, f"receipt-{payment.receipt_code}.pdf")


# Staff


@require_POST
@permission_required("payments.manage_payments")
def payment_record(request: HttpRequest, code: str) -> HttpResponse:
    invoice = _invoice(request, code)
    concern = money_concern(invoice, offline=True)
    form = OfflinePaymentForm(request.POST, currency=invoice.currency, concern=concern)
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_record(
                invoice=invoice,
                amount=data["amount"],
                method=data["method"],
                reference=data["reference"],
                received_on=data["received_on"],
                note=data["note"],
                actor=cast(User, request.user),
                record_anyway=bool(data.get("record_anyway")),
            )
            messages.success(
                request, f"Payment of {payment.amount.with_cents()} recorded on {invoice.code}."
            )
            return saved_redirect(invoice.get_absolute_url())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return _detail(request, invoice, payment_form=form, status=400)


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return response


def _cents(cents: int) -> str:
    return amount_text(cents)


@permission_required("payments.manage_payments")
def staff_invoices(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("status", "open")
    form = InvoiceFilterForm(data)
    search, status = "", "open"
    if form.is_valid():
        search, status = form.cleaned_data["q"], form.cleaned_data["status"]
    qs = selectors.invoice_list(status=status, search=search)
    if request.GET.get("format") == "csv":
        return _csv_response(
            f"invoices-{status or 'all'}-{timezone.localdate():%Y-%m-%d}.csv",
            [
                "invoice",
                "issued_on",
                "due_on",
                "name",
                "email",
                "program",
                "kind",
                "status",
                "currency",
                "total",
                "paid",
                "refunded",
                "balance",
            ],
            (
                [
                    i.code,
                    i.issued_on,
                    i.due_on,
                    i.bill_to_name,
                    i.bill_to_email,
                    i.program.short_name,
                    i.get_kind_display(),
                    i.get_status_display(),
                    i.currency,
                    _cents(i.total_cents),
                    _cents(i.paid_cents),
                    _cents(i.refunded_cents),
                    _cents(i.balance_cents),
                ]
                for i in qs.iterator()
            ),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "payments/staff_invoices.html", {"form": form, "page": page})


@permission_required("payments.manage_payments")
def staff_payments(request: HttpRequest) -> HttpResponse:
    # the default range is this month to today: the program's, when the site runs one (ADR 0036)
    programs = list(Program.objects.values_list("time_zone", flat=True)[:2])
    today = programs_api.program_today(programs[0]) if len(programs) == 1 else timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = date(today.year, today.month, 1), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    payments = selectors.payment_list(start=start, end=end)
    if request.GET.get("format") == "csv":
        return _csv_response(
            f"payments-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv",
            [
                "receipt",
                "received_on",
                "invoice",
                "name",
                "email",
                "program",
                "method",
                "reference",
                "currency",
                "amount",
                "refunded",
                "recorded_by",
            ],
            (
                [
                    p.receipt_code,
                    p.received_on,
                    p.invoice.code,
                    p.invoice.bill_to_name,
                    p.invoice.bill_to_email,
                    p.invoice.program.short_name,
                    p.get_method_display(),
                    p.reference,
                    p.invoice.currency,
                    _cents(p.amount_cents),
                    _cents(p.refunded_cents),
                    p.recorded_by or "Stripe",
                ]
                for p in payments.iterator()
            ),
        )
    page = Paginator(payments, 50).get_page(request.GET.get("page"))
    refunded = selectors.refund_total_cents(start=start, end=end)
    totals = [
        {
            "method": Payment.Method(row["method"]).label,
            "count": row["count"],
            "amount": Money(int(row["cents"] or 0), row["invoice__currency"]),
        }
        for row in selectors.payment_totals(start=start, end=end)
    ]
    return render(
        request,
        "payments/staff_payments.html",
        {
            "form": form,
            "page": page,
            "start": start,
            "end": end,
            "totals": totals,
            "refunded": [Money(cents, currency) for currency, cents in refunded.items()],
            "refunds": list(selectors.refund_list(start=start, end=end)[:200]),
        },
    )


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's events. Unsigned or wrongly signed requests get 400 and change nothing."""
    try:
        event, new = services.stripe_webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except services.WebhookRefusedError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"received": True, "duplicate": not new, "result": event.result})
