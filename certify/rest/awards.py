"""Withdrawing a scholarship award (the sponsor's committee, or the recipient giving it back),
and the sponsor recording a class award's payment.

Registered on the scholarships router (`/scholarships/awards/…`); a module of its own so the
scholarships one stays small."""

from datetime import date
from typing import cast

from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status

from certify.accounts.models import User
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema
from certify.rest.scholarship_examples import EXAMPLE_AWARD_CENTS
from certify.rest.scholarships import AwardOut, router
from certify.scholarships import api as scholarships
from certify.scholarships.models import Award, AwardPayment


class AwardWithdrawIn(InputSchema):
    reason: str = Field("", max_length=2000, description="The recipient reads it.")

    model_config = example({"reason": "The recipient left the program."})


@router.post("/awards/{award_id}/withdraw", response=AwardOut, summary="Withdraw an award")
def award_withdraw(request: HttpRequest, award_id: int, payload: AwardWithdrawIn):
    """An award not yet used: its money returns to the fund (400 once it was used, or
    without a reason)."""
    award = Award.objects.select_related("fund__sponsor", "application").filter(pk=award_id).first()
    if award is None:
        raise Http404
    scholarships.require(request.user, award, "scholarships.withdraw_award")
    scholarships.award_withdraw(award=award, actor=cast(User, request.user), reason=payload.reason)
    return Award.objects.select_related("invoice").get(pk=award_id)


class AwardPaymentIn(InputSchema):
    payee: str = Field("", description="candidate (reimbursed) or provider (the class provider).")
    payee_name: str = Field(
        "", max_length=200, description="The class provider's name; empty when the candidate was."
    )
    reference: str = Field("", max_length=100, description="Check number or transfer reference.")
    paid_on: date | None = Field(None, description="Defaults to today; never in the future.")

    model_config = example(
        {
            "payee": "provider",
            "payee_name": "Northside Community College",
            "reference": "Check 2207",
            "paid_on": "2026-11-20",
        }
    )


class AwardPaymentOut(Schema):
    award: int
    payee: str
    payee_name: str
    reference: str
    paid_on: date
    amount_cents: int

    model_config = example(
        {
            "award": 4,  # a class award (award 3 is toward an enrollment fee)
            "payee": "provider",
            "payee_name": "Northside Community College",
            "reference": "Check 2207",
            "paid_on": "2026-11-20",
            "amount_cents": EXAMPLE_AWARD_CENTS,  # the award's amount
        }
    )

    @staticmethod
    def resolve_award(obj) -> int:
        return obj.award_id


@router.post(
    "/awards/{award_id}/payment",
    response={201: AwardPaymentOut},
    summary="Record a class award's payment (sponsor)",
)
def award_payment(request: HttpRequest, award_id: int, payload: AwardPaymentIn):
    """The sponsor paid a class award, to the candidate or to the class provider: the award is
    then used. By the sponsor's committee; a second payment of the same award is a 400."""
    award = Award.objects.select_related("fund__sponsor", "application").filter(pk=award_id).first()
    if award is None:
        raise Http404
    scholarships.require(request.user, award, "scholarships.decide")
    payment = scholarships.award_payment_record(
        award=award,
        actor=cast(User, request.user),
        payee=payload.payee,
        payee_name=payload.payee_name,
        reference=payload.reference,
        paid_on=payload.paid_on,
    )
    return Status(201, AwardPayment.objects.get(pk=payment.pk))
