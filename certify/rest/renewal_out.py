"""A renewal as the API answers it: the fields the holder and staff both read
(`RenewalFields`), and the holder's, which add whether the fee can be paid now and why not
(`RenewalOut`, the renewal page's words, ADR 0014)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from certify.renewals import api as renewals
from certify.renewals.models import Renewal
from certify.rest.openapi import example

RENEWAL_EXAMPLE = {
    "id": 3,
    "status": "submitted",
    "status_label": "Waiting for the renewal fee",
    "status_reason": "",
    "submitted_at": "2026-11-27T10:15:00+00:00",
    "updated_at": "2026-11-28T09:02:11.104+00:00",
    "hours": "32.00",
    "technology_hours": "4.00",
    "audited": False,
    "invoice": "LSSCP-000042",
    "invoice_balance_cents": 15000,
    "new_certificate": None,
}
HOLDER_RENEWAL_EXAMPLE = {
    **RENEWAL_EXAMPLE,
    "fee_payable": False,
    "fee_pay_by": None,
    "fee_refused_because": "Your certificate LSSCP-2021-000123 lapsed on June 28, 2027; the "
    "renewal can no longer be paid. Program staff can reinstate it: write to them at "
    "renewals@lsscp.example.org, and once they have, you can pay it here. Nothing was charged.",
    "lapsed_next_step": "",
}


class RenewalFields(Schema):
    """A renewal as the holder and staff both read it (staff's rows add who and what)."""

    model_config = example(RENEWAL_EXAMPLE)

    id: int
    status: str
    status_label: str
    status_reason: str
    submitted_at: str
    updated_at: datetime = Field(description="When the renewal last changed.")
    hours: Decimal
    technology_hours: Decimal
    audited: bool = Field(
        description="Whether staff check its evidence: chosen at random, or because staff "
        "refused an earlier renewal of the same certificate."
    )
    invoice: str | None
    invoice_balance_cents: int | None
    new_certificate: str | None

    @staticmethod
    def resolve_status_label(obj: Renewal) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_submitted_at(obj: Renewal) -> str:
        return obj.submitted_at.isoformat()

    @staticmethod
    def resolve_hours(obj: Renewal) -> Decimal:
        return obj.hours_total

    @staticmethod
    def resolve_technology_hours(obj: Renewal) -> Decimal:
        return obj.hours_technology

    @staticmethod
    def resolve_invoice(obj: Renewal) -> str | None:
        return obj.invoice.code if obj.invoice else None

    @staticmethod
    def resolve_invoice_balance_cents(obj: Renewal) -> int | None:
        return obj.invoice.balance_cents if obj.invoice else None

    @staticmethod
    def resolve_new_certificate(obj: Renewal) -> str | None:
        return obj.new_certificate.number if obj.new_certificate else None


class RenewalOut(RenewalFields):
    """The holder's renewal, with whether its fee can be paid now: an app shows the reason
    instead of a way to pay, as the renewal page does, before the holder tries."""

    model_config = example(HOLDER_RENEWAL_EXAMPLE)

    fee_payable: bool = Field(
        description="Whether the renewal fee (`invoice`) can be paid now, on its invoice page: "
        "false when nothing is to pay, or when it is refused."
    )
    fee_pay_by: datetime | None = Field(
        description="While the fee can be paid: the last moment it can, the end of the last "
        "day to renew in the program's time zone (the renewal page says it beside the button "
        "to pay). Null otherwise."
    )
    fee_refused_because: str = Field(
        description="Why the fee cannot be paid now, in the holder's words, as the renewal and "
        "invoice pages say them and the card checkout refuses: the certificate was suspended "
        "or revoked, or lapsed before the fee was paid. Empty when it can be paid, or nothing "
        "is to pay."
    )

    lapsed_next_step: str = Field(
        description="Once the certificate has lapsed while this renewal is in staff's hands "
        "(paid, its evidence being checked or sent back for more): what happens next, in the "
        "holder's words, as the renewal page and the lapse notice say it. Staff decide it; a "
        "fee paid after the last day to renew means staff reinstate the certificate before "
        "they can approve the renewal, or refuse it (a refusal does not refund the fee by "
        "itself: staff decide whether to). Empty otherwise."
    )

    @staticmethod
    def resolve_lapsed_next_step(obj: Renewal) -> str:
        return renewals.lapsed_renewal_next_step(renewal=obj)

    @staticmethod
    def resolve_fee_payable(obj: Renewal, context: dict[str, Any]) -> bool:
        return _fee(obj, context["request"]).payable

    @staticmethod
    def resolve_fee_pay_by(obj: Renewal, context: dict[str, Any]) -> datetime | None:
        return _fee(obj, context["request"]).pay_by

    @staticmethod
    def resolve_fee_refused_because(obj: Renewal, context: dict[str, Any]) -> str:
        return _fee(obj, context["request"]).refused_because


def _fee(renewal: Renewal, request: HttpRequest) -> "renewals.Fee":
    """The renewal's fee, read once per renewal and request (two fields say it)."""
    if not hasattr(request, "_renewal_fees"):
        request._renewal_fees = {}  # type: ignore[attr-defined]
    fees = request._renewal_fees  # type: ignore[attr-defined]
    if renewal.pk not in fees:
        fees[renewal.pk] = renewals.renewal_fee(renewal=renewal)
    return fees[renewal.pk]
