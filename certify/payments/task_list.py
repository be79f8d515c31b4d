"""The candidate's task list: paying the enrollment fee.

It reads the application the applications part left in `journey.facts` (payments does not
import applications).
"""

from typing import Any

from django.urls import reverse

from certify.accounts.api import Journey, Task, TaskStatus, task_part
from certify.payments.models import Invoice
from certify.payments.selectors import enrollment_invoice_for
from certify.payments.services import enrollment_waits_on
from certify.programs.models import Program

GROUP = "Apply and pay"


@task_part(20)
def enrollment_fee_row(journey: Journey) -> None:
    application: Any = journey.facts.get("application")
    invoice = (
        enrollment_invoice_for(user=journey.user, program=application.program)
        if application is not None
        else None
    )
    journey.facts["enrollment_invoice"] = invoice
    journey.facts["enrollment_settled"] = invoice is not None and invoice.is_settled
    journey.add(_row(application, invoice))


def _row(application: Any, invoice: Invoice | None) -> Task:
    base: dict[str, Any] = {"key": "pay", "title": "Pay the enrollment fee", "group": GROUP}
    if invoice is not None and invoice.is_settled:
        return Task(
            **base,
            status=TaskStatus.COMPLETED,
            hint=f"Invoice {invoice.code} is paid.",
            action_label="View the invoice and receipt",
            action_url=invoice.get_absolute_url(),
        )
    if invoice is not None:
        started = invoice.paid_cents > 0 or invoice.total_cents != invoice.balance_cents
        return Task(
            **base,
            status=TaskStatus.IN_PROGRESS if started else TaskStatus.NOT_STARTED,
            hint=f"Invoice {invoice.code}: {invoice.amount_due.with_cents()} still to pay.",
            action_label="Pay the invoice",
            action_url=invoice.get_absolute_url(),
            due=invoice.due_on,
            due_label="Pay by",
        )
    if application is None:
        return Task(
            **base,
            status=TaskStatus.CANNOT_START,
            hint="Start your application first.",
        )
    program: Program = application.program
    if application.status == application.Status.REJECTED:
        refunded = (
            Invoice.objects.filter(
                user=application.candidate,
                program=program,
                kind=Invoice.Kind.ENROLLMENT,
                status=Invoice.Status.REFUNDED,
            )
            .order_by("-id")
            .first()
        )
        if refunded is not None:  # paid before the decision: say where the money went
            return Task(
                **base,
                status=TaskStatus.CLOSED,
                hint=f"Your application was not accepted: the {refunded.refunded.with_cents()} "
                "you paid is refunded.",
                action_label="View the invoice and the refund",
                action_url=refunded.get_absolute_url(),
            )
        return Task(
            **base,
            status=TaskStatus.CLOSED,
            hint="No fee is due: your application was not accepted.",
        )
    at_application = program.payment_timing == Program.PaymentTiming.AT_APPLICATION
    due = at_application or application.status == application.Status.ACCEPTED
    if due and (waiting := enrollment_waits_on(user=application.candidate, program=program)):
        codes = " and ".join(m.organisation.code for m in waiting)
        return Task(
            **base,
            status=TaskStatus.CANNOT_START,
            hint=f"Your invoice is issued once your {codes} membership is confirmed, so that "
            "it has the right price.",
        )
    if due:
        return Task(
            **base,
            status=TaskStatus.NOT_STARTED,
            hint=(
                f"{program.enrollment_fee.with_cents()}, or {program.member_fee.with_cents()} "
                f"for confirmed {program.member_organisation} members"
                if program.has_member_price
                else program.enrollment_fee.with_cents()
            )
            + (" (refunded if you are not eligible)." if at_application else "."),
            action_label="Get your enrollment invoice",
            action_url=reverse("payments:list"),
        )
    return Task(
        **base,
        status=TaskStatus.CANNOT_START,
        hint="The fee is invoiced once your application is accepted.",
    )
