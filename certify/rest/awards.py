"""Withdrawing a scholarship award: the sponsor's committee, or the recipient giving it back.

Registered on the scholarships router (`/scholarships/awards/…`); a module of its own so the
scholarships one stays small."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Schema

from certify.accounts.models import User
from certify.rest.openapi import example
from certify.rest.scholarships import AwardOut, router
from certify.scholarships import api as scholarships
from certify.scholarships.models import Award


class AwardWithdrawIn(Schema):
    reason: str = Field("", max_length=2000, description="The recipient reads it.")

    model_config = example({"reason": "The recipient left the program."})


@router.post("/awards/{award_id}/withdraw", response=AwardOut, summary="Withdraw an award")
def award_withdraw(request: HttpRequest, award_id: int, payload: AwardWithdrawIn):
    """An award not yet used: its money returns to the fund (400 once it was used, or
    without a reason)."""
    award = Award.objects.select_related("fund__sponsor", "application").filter(pk=award_id).first()
    if award is None:
        raise Http404
    if not request.user.has_perm("scholarships.withdraw_award", award):
        raise PermissionDenied
    scholarships.award_withdraw(award=award, actor=cast(User, request.user), reason=payload.reason)
    return Award.objects.select_related("invoice").get(pk=award_id)
