"""What a credit note says about money paid before its void (ADR 0041, amended): the words
follow what happened to it, read when shown, not what was expected at the void.

A credit note cancels what was still owed; what was paid before the void (`CreditNote.held`)
is not canceled. Depending on the case it was refunded at once (a course renewal's fee ended),
is being refunded by card, waits for program staff to refund it (a renewal closed by a
revocation), or waits for staff to decide whether an evaluation already done is owed (a course
withdrawn by its provider); part of it may be refunded already.
"""

from typing import Any

from certify.core.money import Money


def held_words(note: Any) -> str:
    """The clause the invoice page and the credit note PDF put after "cancels $X": '' when
    nothing was paid before the void."""
    held = note.held
    if not held.cents:
        return ""
    invoice = note.invoice
    still = min(held.cents, max(invoice.net_paid_cents, 0))
    paid = f"the {held.with_cents()} paid before the void"
    if still == 0:
        pending = any(r.status == "pending" for r in invoice.refunds.all())
        return f"{paid} is being refunded by card" if pending else f"{paid} was refunded"
    waiting = (
        "program staff decide whether it is owed for an evaluation already done, and refund "
        "the rest"
        if invoice.kind == "course_approval"
        else "it is held on this invoice until program staff refund it"
    )
    if still == held.cents:
        return f"{paid} is not canceled: {waiting}"
    done = Money(held.cents - still, held.currency)
    return (
        f"of the {held.with_cents()} paid before the void, {done.with_cents()} was refunded and "
        f"{Money(still, held.currency).with_cents()} is not canceled: {waiting}"
    )
