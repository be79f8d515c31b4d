"""Reads for fees and payments, with what each page needs already joined or prefetched."""

from datetime import date
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

from certify.accounts.api import Waiting, oldest_waiting
from certify.accounts.models import User
from certify.core.precompiled import Precompiled
from certify.payments.models import (
    CheckoutSession,
    CreditNote,
    Invoice,
    InvoiceLine,
    Payment,
    Refund,
)
from certify.programs.models import Program

# An application in one of these is closed: it does not make its program's fee due.
CLOSED_APPLICATIONS = ("rejected", "withdrawn")


def enrollment_programs_offered(*, user: User, invoiced: set[int]) -> list[Program]:
    """The programs paid when applying whose enrollment invoice the payments page offers `user`
    (not those in `invoiced`): the programs of their open applications; to a candidate with no
    application yet, every published one (they may pay before applying). Never a program they
    have not applied to beside one they have: its fee is not theirs to pay."""
    programs = Program.objects.filter(
        is_published=True, payment_timing=Program.PaymentTiming.AT_APPLICATION
    ).exclude(pk__in=invoiced)
    applied = list(
        Program.objects.filter(applications__candidate=user).values_list(
            "pk", "applications__status"
        )
    )
    if applied:
        open_ones = {pk for pk, status in applied if status not in CLOSED_APPLICATIONS}
        programs = programs.filter(pk__in=open_ones)
    return list(programs.order_by("name"))


def invoice_list_for_user(*, user: User) -> QuerySet[Invoice]:
    return Invoice.objects.filter(user=user).select_related("program").order_by("-id")


def invoice_list(
    *, status: str = "", search: str = "", program: Program | None = None
) -> QuerySet[Invoice]:
    """Invoices for staff, newest first; `status` "open" lists what is outstanding,
    `REFUND_PENDING` those holding money that is not owed (for staff to refund)."""
    qs = Invoice.objects.select_related("program", "user").order_by("-issued_on", "-id")
    if status == REFUND_PENDING:
        qs = qs.filter(_refund_pending())
    elif status:
        qs = qs.filter(status=status)
    if program is not None:
        qs = qs.filter(program=program)
    if search:
        qs = qs.filter(
            Q(code__icontains=search)
            | Q(bill_to_name__icontains=search)
            | Q(bill_to_email__icontains=search)
        )
    return qs


def invoices_unpaid() -> Waiting:
    """For the staff home: invoices awaiting payment (the staff list's "Outstanding" filter)
    and the oldest one's issue day (the program's), with its program's time zone (one query)."""
    return oldest_waiting(
        Invoice.objects.filter(status=Invoice.Status.OPEN), "issued_on", zone="program__time_zone"
    )


# The staff list's filter for invoices holding money not owed (`Invoice.refund_pending`): a
# void invoice with anything paid on it (a renewal closed by a revocation, a card payment that
# came after the void), or one paid more than its total.
REFUND_PENDING = "refund_pending"


def _refund_pending() -> Q:
    held = Q(paid_cents__gt=F("refunded_cents"))
    overpaid = Q(paid_cents__gt=F("refunded_cents") + F("total_cents"))
    return (Q(status=Invoice.Status.VOID) & held) | (~Q(status=Invoice.Status.VOID) & overpaid)


def invoices_refund_pending() -> Waiting:
    """For the staff home: invoices holding money to refund (the staff list's "Refund pending"
    filter) and the oldest one's issue day (the program's), with its program's time zone (one
    query)."""
    return oldest_waiting(
        Invoice.objects.filter(_refund_pending()), "issued_on", zone="program__time_zone"
    )


def invoice_get(*, code: str) -> Invoice:
    """One invoice with its lines, payments (each with its refunds) and refunds."""
    return (
        Invoice.objects.select_related("program", "user", "replaces", "credit_note")
        .prefetch_related(
            Prefetch("replacements", queryset=Invoice.objects.order_by("id")),
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("id")),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("recorded_by").order_by(
                    "received_on", "id"
                ),
            ),
            Prefetch(
                "refunds",
                queryset=Refund.objects.select_related("recorded_by", "payment").order_by("id"),
            ),
            Prefetch("checkout_sessions", queryset=CheckoutSession.objects.order_by("-id")),
        )
        .get(code=code)
    )


def credit_note_get(*, code: str) -> CreditNote:
    """One credit note with its void invoice, that invoice's lines and what replaced it."""
    return (
        CreditNote.objects.select_related("program", "invoice", "invoice__user", "created_by")
        .prefetch_related(
            Prefetch("invoice__lines", queryset=InvoiceLine.objects.order_by("id")),
            Prefetch("invoice__replacements", queryset=Invoice.objects.order_by("id")),
        )
        .get(code=code)
    )


def payment_get(*, pk: int) -> Payment:
    return (
        Payment.objects.select_related("invoice", "invoice__program", "invoice__user")
        .prefetch_related(Prefetch("invoice__lines", queryset=InvoiceLine.objects.order_by("id")))
        .get(pk=pk)
    )


def payment_list(
    *, user: User | None = None, start: date | None = None, end: date | None = None
) -> QuerySet[Payment]:
    qs = Payment.objects.select_related(
        "invoice", "invoice__program", "invoice__user", "recorded_by"
    ).order_by("-received_on", "-id")
    if user is not None:
        qs = qs.filter(invoice__user=user)
    if start is not None:
        qs = qs.filter(received_on__gte=start)
    if end is not None:
        qs = qs.filter(received_on__lte=end)
    return qs


def refunds_not_sent(*, status: str = "") -> QuerySet[Refund]:
    """Card refunds that have not reached the card: those that could not be sent first (staff
    try them again), then those on their way; `status` "failed" or "pending" keeps one kind."""
    qs = (
        Refund.objects.exclude(status=Refund.Status.SENT)
        .select_related("invoice", "invoice__user", "invoice__program", "payment")
        .order_by("status", "refunded_on", "id")  # "failed" sorts before "pending"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def refund_get(*, refund_id: int) -> Refund:
    return Refund.objects.select_related("invoice", "invoice__user", "payment").get(pk=refund_id)


def refund_list(*, start: date | None = None, end: date | None = None) -> QuerySet[Refund]:
    qs = Refund.objects.select_related("invoice", "invoice__user", "payment").order_by(
        "-refunded_on", "-id"
    )
    if start is not None:
        qs = qs.filter(refunded_on__gte=start)
    if end is not None:
        qs = qs.filter(refunded_on__lte=end)
    return qs


def payment_totals(*, start: date, end: date) -> list[dict[str, Any]]:
    """Received per method and currency in the period, and what was refunded in it."""
    received = (
        Payment.objects.filter(received_on__gte=start, received_on__lte=end)
        .values("method", "invoice__currency")
        .annotate(cents=Sum("amount_cents"), count=Count("id"))
        .order_by("invoice__currency", "method")
    )
    return [dict(row) for row in received]


def refund_total_cents(*, start: date, end: date) -> dict[str, int]:
    rows = (
        Refund.objects.filter(refunded_on__gte=start, refunded_on__lte=end)
        .values("invoice__currency")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )
    return {row["invoice__currency"]: int(row["cents"] or 0) for row in rows}


def _live_enrollment_invoices(*, user_id: int, program_id: int) -> QuerySet[Invoice]:
    return Invoice.objects.filter(
        user_id=user_id,
        program_id=program_id,
        kind=Invoice.Kind.ENROLLMENT,
        status__in=[Invoice.Status.OPEN, Invoice.Status.PAID],
    ).order_by("-id")


# The candidate's plan reads it on every request: compiled once per process (ADR 0062).
_live_enrollment_invoice = Precompiled(_live_enrollment_invoices, ints=("user_id", "program_id"))


def enrollment_invoice_for(*, user: User, program: Program) -> Invoice | None:
    """The person's live (open or paid) enrollment invoice for the program, if any."""
    found = _live_enrollment_invoice.run(rows=(None, 1), user_id=user.pk, program_id=program.pk)
    return found[0] if found else None


def renewal_invoice_for(*, user: User, program: Program) -> Invoice | None:
    """The person's newest renewal invoice for the program that is still to be paid, if any."""
    return (
        Invoice.objects.filter(
            user=user, program=program, kind=Invoice.Kind.RENEWAL, status=Invoice.Status.OPEN
        )
        .order_by("-id")
        .first()
    )
