"""The invoice workflow, whole: open → paid → refunded, and open → void.

Certify settles an invoice itself: "paid" is the consequence of a recorded payment (a card
payment Stripe reports, an offline payment staff recorded, a credit that covers what is owed),
never a choice anyone makes. The decisions are the recordings, and they are people's:
- recording an offline payment (cheque, purchase order, institutional invoice) and refunding are
  for program staff other than the invoice's person (`RECORDER`): nobody records a cheque on, or
  refunds, their own invoice. `payment_record` checks `RECORDER` itself (recording a payment is
  not a move: a part payment leaves the invoice open); every refund goes through the `refund`
  move's check, and refunding everything makes the move.

An open invoice on which nothing was paid may be made void (`void`), with a reason, by program
staff other than the invoice's person (`RECORDER`: a mistaken price, a new due date or name, a
replacement) or by Certify itself (`CERTIFY_VOIDS`: the application it was for was not
accepted). A credit note records what was canceled and why (`payments.services.voids`); an
invoice that was paid is refunded instead, never voided.

`Invoice` inherits this; services move it only through `certify.core.workflow.transition`.

A refund of a card payment has its own workflow (`RefundWorkflow`, ADR 0052): the decision to
refund is recorded at once (the invoice's money, the `refund` move), and the money goes back to
the card afterwards, in a background task that asks Stripe and tries again with backoff. The
refund is "on its way" (pending) until Stripe accepts it (`send`, by Certify) or Certify gives up
after the last try or an answer that trying again cannot change (`give_up`, by Certify); staff
other than the invoice's person may then try again (`retry`). A refund of money paid any other
way (a check sent back by hand) is recorded as sent: there is nothing to wait for.
`CheckoutSession.status` stays outside the engine: it mirrors Stripe's own session object (open,
complete, expired), which only Stripe's webhook changes, and nothing in Certify reacts to it; the
money it brings is a `Payment` and, through it, this workflow's `settle`.
"""

from collections.abc import Callable
from typing import Any

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import (
    FSMField,
    Relation,
    WorkflowModel,
    WorkflowSpec,
    move,
    role,
    subject_people,
    system,
)
from certify.payments.parties import invoice_parties


def staff_outside(label: str, *, person: str, invoice_of: Callable[[Any], Any]) -> Relation:
    """Program staff other than the invoice's person (`person`, a path from the subject) and
    the people another app says it concerns (`payments.parties`: a course provider's people for
    its approval fee): nobody records, refunds or voids their own organization's fee."""
    staff = role(Role.PROGRAM_STAFF, label, not_subject=(person,))

    def theirs(actor: Any, subject: Any) -> bool:
        return getattr(actor, "pk", None) in invoice_parties(invoice_of(subject))

    return Relation(
        label,
        lambda actor, subject: staff.holds(actor, subject) and not theirs(actor, subject),
        own_case=lambda actor, subject: (
            staff.is_own_case(actor, subject)
            or (staff.holds(actor, subject) and theirs(actor, subject))
        ),
        parties=lambda subject: (
            subject_people(subject, (person,)) | invoice_parties(invoice_of(subject))
        ),
    )


CERTIFY = system("Certify itself, once payments and credits cover the invoice")
RECORDER = staff_outside(
    "program staff other than the invoice's person", person="user", invoice_of=lambda i: i
)
CERTIFY_VOIDS = system("Certify itself, when what the invoice was for no longer applies")
CERTIFY_SENDS = system("Certify itself, once Stripe has accepted the refund")
CERTIFY_GIVES_UP = system(
    "Certify itself, after the last try or an answer that trying again cannot change"
)
REFUND_RETRIER = staff_outside(
    "program staff other than the invoice's person",
    person="invoice.user",
    invoice_of=lambda refund: refund.invoice,
)
REASON_FOR_REFUND = "Say why the money is refunded."
REASON_FOR_VOID = "Say why the invoice is void: the credit note and the person billed read it."

__all__ = [
    "CERTIFY",
    "CERTIFY_VOIDS",
    "REASON_FOR_REFUND",
    "REASON_FOR_VOID",
    "RECORDER",
    "REFUND_RETRIER",
    "InvoiceWorkflow",
    "RefundWorkflow",
]


class InvoiceWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        OPEN = "open", "Awaiting payment"
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"
        VOID = "void", "Void"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.OPEN, protected=True)
    workflow = WorkflowSpec(
        name="invoice", noun="invoice", event_data=("kind", "subject", "user", "program")
    )

    class Meta:
        abstract = True

    @move("status", source=S.OPEN, target=S.PAID, by=[CERTIFY], label="Settle")
    def settle(self) -> None:
        pass

    @move(
        "status",
        source=[S.OPEN, S.PAID],
        target=S.REFUNDED,
        by=[RECORDER],
        label="Refund everything paid",
        reason=REASON_FOR_REFUND,
    )
    def refund(self) -> None:
        pass

    @move(
        "status",
        source=S.OPEN,
        target=S.VOID,
        by=[RECORDER, CERTIFY_VOIDS],
        label="Void",
        reason=REASON_FOR_VOID,
    )
    def void(self) -> None:
        pass


class RefundWorkflow(WorkflowModel):
    """Money going back to where it came from: on its way, sent, or could not be sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "On its way"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    S = Status
    status = FSMField(max_length=10, choices=Status.choices, default=Status.PENDING, protected=True)
    workflow = WorkflowSpec(
        name="refund", noun="refund", event_data=("invoice", "payment", "amount_cents")
    )

    class Meta:
        abstract = True

    @move("status", source=S.PENDING, target=S.SENT, by=[CERTIFY_SENDS], label="Sent")
    def send(self) -> None:
        pass

    @move(
        "status", source=S.PENDING, target=S.FAILED, by=[CERTIFY_GIVES_UP], label="Could not send"
    )
    def give_up(self) -> None:
        pass

    @move("status", source=S.FAILED, target=S.PENDING, by=[REFUND_RETRIER], label="Try again")
    def retry(self) -> None:
        pass
