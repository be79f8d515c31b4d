"""The notice of a member price difference invoice that Certify voided because the card refund
it billed again could not be sent (ADR 0042, amended 2026-12-07): the candidate, and the payer
when someone else is billed (an employer), read that it is canceled, why, and that there is
nothing to do. One e-mail each, sent with the void (the void happens once, under the lock)."""

from certify.core.money import Money
from certify.notifications.api import email_queue, email_render, notify
from certify.payments.models import CreditNote, Invoice

EVENT = "payment.difference_void"


def difference_void_reason(*, paid: Invoice, amount: Money) -> str:
    """The credit note's reason, read by staff, the candidate and the payer on the page and PDF."""
    return (
        f"The card refund of the {amount.with_cents()} member price difference on invoice "
        f"{paid.code} could not be sent: that difference is still paid, so this invoice, which "
        "asked for it again, is not owed."
    )


def difference_void_tell(*, billed: Invoice, paid: Invoice, note: CreditNote) -> None:
    """Tell the candidate (in the app and by e-mail) and, when the invoice is billed to another
    address, that payer (by e-mail only: they may have no account, so no link to a page)."""
    context = {
        "program": billed.program,
        "invoice_number": billed.code,
        "amount": billed.total.with_cents(),
        "issued_on": billed.issued_on,
        "paid_number": paid.code,
        "credit_note": note.code,
    }
    user = billed.user
    notify(
        recipient=user,
        event=EVENT,
        context={**context, "action": "See the canceled invoice"},
        link=billed.get_absolute_url(),
        dedupe_key=f"{EVENT}:{billed.pk}:{user.pk}",
    )
    payer = billed.bill_to_email.strip()
    if not payer or payer.casefold() == user.email.casefold():
        return
    subject, text, html = email_render(
        event=EVENT,
        context={
            **context,
            "payer_name": billed.bill_to_name,
            "candidate_name": user.full_name or user.email,
            "billed_to": payer,
        },
    )
    email_queue(to=payer, subject=subject, text=text, html=html)
