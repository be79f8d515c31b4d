"""What a membership decision did elsewhere, for the confirmation queue (page and API).

A membership of a program's member organization sets the enrollment fee's price (ADR 0042):
confirming or refusing it may re-issue the member's invoice, or leave a difference to refund or
to pay. Memberships cannot ask payments (neither app imports the other), so payments registers
a reader here (`invoice_outcome_reader`) that says, for a whole page of memberships at once,
what happened to each member's invoice: a fixed number of queries, however long the page.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InvoiceOutcome:
    """`code`: reissued_member_price, difference_to_refund, reissued_full_price,
    difference_invoiced, staff_told, nothing_to_change, no_invoice; `words`: for staff."""

    code: str
    words: str


OutcomeReader = Callable[[Sequence[Any]], dict[int, InvoiceOutcome]]
OUTCOME_READERS: list[OutcomeReader] = []
NONE = InvoiceOutcome("nothing_to_change", "Nothing to change: this membership sets no price.")


def invoice_outcome_reader(reader: OutcomeReader) -> OutcomeReader:
    """Register `reader(memberships) -> {membership id: InvoiceOutcome}` (payments does)."""
    OUTCOME_READERS.append(reader)
    return reader


def invoice_outcomes(memberships: Sequence[Any]) -> dict[int, InvoiceOutcome]:
    """What happened to each membership's invoice (`NONE` where no reader says anything)."""
    found: dict[int, InvoiceOutcome] = {}
    for reader in OUTCOME_READERS:
        found.update(reader(memberships))
    return {m.pk: found.get(m.pk, NONE) for m in memberships}


def invoice_outcomes_attach(memberships: Sequence[Any]) -> None:
    """Set `invoice_outcome` on each membership of a page (the queue page and API)."""
    outcomes = invoice_outcomes(memberships)
    for m in memberships:
        m.invoice_outcome = outcomes[m.pk]
