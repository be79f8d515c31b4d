"""Staff void, re-price and re-issue an invoice, each after a warning step (ADR 0041); anyone
who may see the invoice reads its credit note.

Each change is posted twice: the first post checks the form and whether the change is allowed
(own invoice, something paid, a scholarship credit) and shows what will happen, styled as a
warning; only the second, which carries `confirmed=yes`, makes it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.documents import document_pdf
from certify.core.errors import DomainError
from certify.core.hidden import require_or_hide
from certify.payments import documents, selectors, services
from certify.payments.forms import CONFIRM, ReissueForm, RepriceForm, VoidForm
from certify.payments.models import CreditNote, Invoice


@dataclass(frozen=True)
class Change:
    form: type[Form]
    replacing: bool
    title: str  # "Void invoice {code}?"
    button: str  # "Yes, void invoice {code}"
    consequences: tuple[str, ...]


CHANGES = {
    "void": Change(
        VoidForm,
        False,
        "Void invoice {code}?",
        "Yes, void invoice {code}",
        (
            "The invoice can no longer be paid; it shows “Void” to {name}.",
            "A credit note for {total} is issued with your reason.",
            "This cannot be undone: to charge again, a new invoice is needed.",
        ),
    ),
    "reprice": Change(
        RepriceForm,
        True,
        "Re-price invoice {code}?",
        "Yes, void {code} and issue the corrected invoice",
        (
            "Invoice {code} becomes void, with a credit note for {total}.",
            "A new invoice for {amount} replaces it and is e-mailed to {name}.",
            "This cannot be undone.",
        ),
    ),
    "reissue": Change(
        ReissueForm,
        True,
        "Re-issue invoice {code}?",
        "Yes, void {code} and issue it again",
        (
            "Invoice {code} becomes void, with a credit note for {total}.",
            "A new invoice with the same lines replaces it and is e-mailed to {name}.",
            "This cannot be undone.",
        ),
    ),
}


def _form(name: str, invoice: Invoice, data: Any = None) -> Form:
    if name == "reprice":
        program = invoice.program
        return RepriceForm(
            data,
            currency=invoice.currency,
            member_price=program.member_fee.with_cents() if program.member_organisation else "",
        )
    return CHANGES[name].form(data)


def change_context(request: HttpRequest, invoice: Invoice, **forms: Form) -> dict[str, object]:
    """What the invoice page's staff block needs: the three forms, or why they are not offered."""
    return {
        "void_obstacle": services.void_obstacle(invoice),
        "replaceable": invoice.kind == Invoice.Kind.ENROLLMENT,
        **{f"{name}_form": forms.get(f"{name}_form") or _form(name, invoice) for name in CHANGES},
    }


def _run(name: str, invoice: Invoice, form: Form, actor: User) -> Invoice:
    data = form.cleaned_data
    if name == "void":
        services.invoice_void(invoice=invoice, reason=data["reason"], actor=actor)
        return invoice
    if name == "reprice":
        return services.invoice_reprice(
            invoice=invoice, amount=data["amount"], reason=data["reason"], actor=actor
        )
    return services.invoice_reissue(
        invoice=invoice,
        reason=data["reason"],
        actor=actor,
        due_on=data["due_on"],
        bill_to_name=data["bill_to_name"],
        bill_to_email=data["bill_to_email"],
    )


def _change(name: str) -> Callable[[HttpRequest, str], HttpResponse]:
    @require_POST
    @permission_required("payments.manage_payments")
    def view(request: HttpRequest, code: str) -> HttpResponse:
        from certify.payments import views

        invoice = views._invoice(request, code)
        change = CHANGES[name]
        form = _form(name, invoice, request.POST)
        actor = cast(User, request.user)
        if not form.is_valid():
            return views._detail(request, invoice, status=400, **{f"{name}_form": form})
        try:
            if request.POST.get(CONFIRM) != "yes":
                services.void_check(
                    invoice=invoice,
                    actor=actor,
                    reason=form.cleaned_data["reason"],
                    replacing=change.replacing,
                )
                return _confirm(request, invoice, name, form)
            result = _run(name, invoice, form, actor)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return views._detail(request, invoice, status=400, **{f"{name}_form": form})
        if result.pk == invoice.pk:
            messages.success(request, f"Invoice {invoice.code} is void; its credit note is issued.")
        else:
            messages.success(
                request, f"Invoice {invoice.code} is void; invoice {result.code} replaces it."
            )
        return redirect(result)

    view.__name__ = view.__qualname__ = f"invoice_{name}"
    return view


def _confirm(request: HttpRequest, invoice: Invoice, name: str, form: Form) -> HttpResponse:
    change = CHANGES[name]
    amount = form.cleaned_data.get("amount")
    words = {
        "code": invoice.code,
        "name": invoice.bill_to_name,
        "total": invoice.total.with_cents(),
        "amount": amount.with_cents() if amount else "",
    }
    return render(
        request,
        "payments/invoice_confirm.html",
        {
            "invoice": invoice,
            "form": form,
            "action_url": reverse(f"payments:invoice_{name}", args=[invoice.code]),
            "title": change.title.format(**words),
            "button": change.button.format(**words),
            "consequences": [c.format(**words) for c in change.consequences],
            "confirm_field": CONFIRM,
        },
    )


invoice_void = _change("void")
invoice_reprice = _change("reprice")
invoice_reissue = _change("reissue")


@permission_required("payments.view_own_invoices")
def credit_note_pdf(request: HttpRequest, code: str) -> HttpResponse:
    try:
        note = selectors.credit_note_get(code=code)
    except CreditNote.DoesNotExist:
        raise Http404("No such credit note.") from None
    require_or_hide(
        request.user, note.invoice, "payments.view_invoice", known_by="payments.view_invoice"
    )
    content = document_pdf(documents.credit_note_document(note=note))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="credit-note-{note.code}.pdf"'
    return response
