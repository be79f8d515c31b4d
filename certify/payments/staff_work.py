"""The staff home's card for payments (ADR 0047): invoices awaiting payment."""

from django.urls import reverse

from certify.accounts.api import MONEY, WorkCard, work_part
from certify.accounts.models import User
from certify.payments.models import Invoice
from certify.payments.selectors import invoices_unpaid


@work_part(60)
def invoice_cards(user: User) -> list[WorkCard]:
    unpaid = invoices_unpaid()
    return [
        WorkCard(
            key="invoices-unpaid",
            heading=MONEY,
            title="Unpaid invoices",
            count=unpaid.count,
            oldest=unpaid.oldest,
            age_label="The oldest was issued {days} ago.",
            url=f"{reverse('payments:staff_invoices')}?status={Invoice.Status.OPEN}",
        )
    ]
