"""The ways an invoice may be paid: only those that work for its program today.

Card payment needs both the Stripe keys (`card_payments_enabled`) and the program accepting
cards; a check needs the program accepting checks and a postal address to mail it to; a purchase
order or institutional invoice needs the program accepting them. The invoice page and its PDF
show these and nothing else (ADR 0042).
"""

from dataclasses import dataclass

from certify.payments.services.stripe import card_payments_enabled
from certify.programs.models import Program


@dataclass(frozen=True)
class PaymentWays:
    card: bool
    check: bool
    purchase_order: bool
    payee: str  # who a check is made out to
    address_lines: tuple[str, ...]  # where a check is mailed
    contact_email: str

    @property
    def any(self) -> bool:
        return self.card or self.check or self.purchase_order


def payment_ways(*, program: Program) -> PaymentWays:
    lines = tuple(line.strip() for line in program.check_address.splitlines() if line.strip())
    return PaymentWays(
        card=program.accepts_card and card_payments_enabled(),
        check=program.accepts_check and bool(lines),
        purchase_order=program.accepts_purchase_order,
        payee=program.check_payee,
        address_lines=lines,
        contact_email=program.contact_email,
    )
