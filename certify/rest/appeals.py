"""Appeals through the API: the candidate's notice (against a rejected application or a
portfolio's final "not met") and grounds, and the second reviewer's decision (staff).

The candidate's operations take a personal access token with the scope of what is appealed
("applications" or "portfolios"; grounds: "applications", the appeal's own case); staff take
the "staff" scope. Each calls the service its page calls, with the same checks.
"""

from datetime import datetime
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from certify.accounts.models import User
from certify.appeals import api as appeals
from certify.appeals.models import Appeal
from certify.applications import api as applications
from certify.core.errors import DomainError
from certify.core.hidden import require_or_hide
from certify.portfolios import api as portfolios
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema

router = Router()
staff_router = Router(auth=token_or_session("staff"))


class AppealOut(Schema):
    id: int
    subject: Literal["application", "portfolio"] = Field(description="What is appealed.")
    status: Literal["notice", "grounds", "upheld", "sent_back", "ended"] = Field(
        description="`ended`: the appellant's account was closed or deactivated while the "
        "appeal was open; `outcome_reason` says which."
    )
    status_label: str
    decided_at: datetime = Field(description="When the decision appealed against was made.")
    grounds_by: str = Field(description="The last day to give the grounds (ISO date).")
    grounds: str
    outcome_reason: str

    model_config = example(
        {
            "id": 6,
            "subject": "application",
            "status": "notice",
            "status_label": "Notice of appeal given",
            "decided_at": "2026-11-20T15:02:00+00:00",
            "grounds_by": "2026-12-20",
            "grounds": "",
            "outcome_reason": "",
        }
    )

    @staticmethod
    def resolve_subject(obj: Appeal) -> str:
        return "application" if obj.subject_type.model == "application" else "portfolio"

    @staticmethod
    def resolve_status_label(obj: Appeal) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_grounds_by(obj: Appeal) -> str:
        window = appeals.appeal_window(program=obj.program, decided_at=obj.decided_at)
        return window.grounds_by.isoformat()


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _fresh(appeal: Appeal) -> Appeal:
    return appeals.appeal_list(open_only=False).get(pk=appeal.pk)


@router.post(
    "/applications/{application_id}",
    response={201: AppealOut},
    auth=token_or_session("applications"),
    summary="Appeal the rejection of my application",
)
def application_appeal(request: HttpRequest, application_id: int):
    """Notice of appeal, within the program's notice days of the decision; then give the
    grounds. Only a rejection can be appealed, and only once (400 after)."""
    application = applications.application_find(pk=application_id)
    if application is None:
        raise Http404
    require_or_hide(
        request.user,
        application,
        "applications.edit_application",
        known_by="applications.view_application",
    )
    appeal = applications.application_appeal(application=application, actor=_user(request))
    return Status(201, _fresh(appeal))


@router.post(
    "/portfolios/{planned_set_id}",
    response={201: AppealOut},
    auth=token_or_session("portfolios"),
    summary="Appeal a portfolio's final decision",
)
def portfolio_appeal(request: HttpRequest, planned_set_id: int):
    """Notice of appeal against a final "not met", within the program's notice days; then
    give the grounds. Once only (400 after)."""
    portfolio = portfolios.portfolio_find(planned_set_id=planned_set_id)
    if portfolio is None:
        raise Http404
    require_or_hide(
        request.user, portfolio, "portfolios.edit_portfolio", known_by="portfolios.know_of"
    )
    appeal = portfolios.portfolio_appeal(portfolio=portfolio, actor=_user(request))
    return Status(201, _fresh(appeal))


class GroundsIn(InputSchema):
    grounds: str = Field("", max_length=20000, description="A few sentences at least.")

    model_config = example(
        {
            "grounds": "The decision counted my hours at the branch library as volunteer work; "
            "they were paid, as my supervisor's letter shows."
        }
    )


@router.post(
    "/{appeal_id}/grounds",
    response=AppealOut,
    auth=token_or_session("applications"),
    summary="Give my appeal's grounds",
)
def grounds(request: HttpRequest, appeal_id: int, payload: GroundsIn):
    """Your appeal only (404 for anyone else's), within the program's grounds days. Given
    once: a second call is refused (400)."""
    appeal = appeals.appeal_list(open_only=False).filter(pk=appeal_id).first()
    if appeal is None or appeal.appellant_id != request.user.pk:
        raise Http404
    appeals.appeal_submit_grounds(appeal=appeal, actor=_user(request), grounds=payload.grounds)
    return _fresh(appeal)


class AppealDecisionIn(InputSchema):
    outcome: Literal["uphold", "send_back", ""] = Field(
        "", description="Uphold the decision, or send it back for a new one."
    )
    reason: str = Field("", max_length=5000, description="The appellant reads it.")

    model_config = example(
        {"outcome": "send_back", "reason": "The letter shows paid hours; decide again."}
    )


@staff_router.post("/{appeal_id}/decision", response=AppealOut, summary="Decide an appeal")
def review(request: HttpRequest, appeal_id: int, payload: AppealDecisionIn):
    """A second reviewer (not the one who made the decision) upholds it or sends it back,
    with a reason. Decided once (400 after). The appellant holding a staff role, and staff who
    declared a conflict of interest with the appellant, are refused (403 with the reason), as on
    the appeal's page."""
    if not request.user.has_perm("appeals.review_appeal"):
        raise PermissionDenied
    appeal = appeals.appeal_list(open_only=False).filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404
    if refusal := appeals.appeal_refusal(request.user, appeal):
        raise HttpError(403, refusal)  # the appellant, or a declared conflict: as the page
    if payload.outcome not in ("uphold", "send_back"):
        raise DomainError("Choose uphold or send back.", field="outcome")
    appeals.appeal_decide(
        appeal=appeal,
        actor=_user(request),
        uphold=payload.outcome == "uphold",
        reason=payload.reason,
    )
    return _fresh(appeal)
