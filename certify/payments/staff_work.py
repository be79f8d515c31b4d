"""The staff home's cards for payments (ADR 0047): invoices awaiting payment, and invoices
holding money to refund."""

from django.urls import reverse

from certify.accounts.api import MONEY, WorkCard, work_part
from certify.accounts.models import User
from certify.payments.models import Invoice
from certify.payments.selectors import REFUND_PENDING, invoices_refund_pending, invoices_unpaid


@work_part(60)
def invoice_cards(user: User) -> list[WorkCard]:
    unpaid, held = invoices_unpaid(), invoices_refund_pending()
    return [
        WorkCard(
            key="invoices-unpaid",
            heading=MONEY,
            title="Unpaid invoices",
            count=unpaid.count,
            oldest=unpaid.oldest,
            zone=unpaid.zone,
            age_label="The oldest was issued {days} ago.",
            url=f"{reverse('payments:staff_invoices')}?status={Invoice.Status.OPEN}",
        ),
        WorkCard(
            key="invoices-refund-pending",
            heading=MONEY,
            title="Invoices with money to refund",
            count=held.count,
            oldest=held.oldest,
            zone=held.zone,
            age_label="The oldest was issued {days} ago.",
            url=f"{reverse('payments:staff_invoices')}?status={REFUND_PENDING}",
        ),
    ]
