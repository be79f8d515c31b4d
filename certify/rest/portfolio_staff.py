"""Program staff's action on a portfolio submission through the API, as on its staff page:
adding a reviewer, or putting one in place of another. Personal access tokens need the "staff"
scope, and the page's permission (403 otherwise).
"""

from datetime import date
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.portfolios import api as portfolios
from certify.portfolios.models import ReviewAssignment, Submission
from certify.rest.auth import token_or_session
from certify.rest.openapi import example

staff_router = Router(auth=token_or_session("staff"))


class ReviewerIn(Schema):
    reviewer_id: int | None = Field(None, description="A person with the reviewer role.")
    replacing: int | None = Field(
        None, description="The assignment (id) the new reviewer takes over, if any."
    )

    model_config = example({"reviewer_id": 57, "replacing": 210})


class AssignmentOut(Schema):
    id: int
    reviewer_id: int
    reviewer: str
    round: int
    status: Literal["assigned", "completed", "withdrawn"]
    due_on: date

    model_config = example(
        {
            "id": 214,
            "reviewer_id": 57,
            "reviewer": "Jordan Ellis",
            "round": 1,
            "status": "assigned",
            "due_on": "2026-12-18",
        }
    )

    @staticmethod
    def resolve_reviewer(obj: ReviewAssignment) -> str:
        return obj.reviewer.full_name


@staff_router.post(
    "/submissions/{submission_id}/reviewers",
    response={201: AssignmentOut},
    summary="Assign a reviewer to a submission",
)
def staff_submission(request: HttpRequest, submission_id: int, payload: ReviewerIn):
    """Adds a reviewer, or (with `replacing`) withdraws that assignment and gives the review to
    the new one. Refused (400) for someone without the reviewer role, a declared conflict, or a
    reviewer who already reviews it, so a repeated call does not assign twice."""
    if not request.user.has_perm("portfolios.manage_reviews"):
        raise PermissionDenied
    submission = Submission.objects.select_related("portfolio").filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    reviewer = (
        User.objects.filter(pk=payload.reviewer_id, is_active=True).first()
        if payload.reviewer_id is not None
        else None
    )
    if reviewer is None:
        raise DomainError("Choose the reviewer.", field="reviewer")
    replacing = None
    if payload.replacing is not None:
        replacing = submission.assignments.filter(pk=payload.replacing).first()
        if replacing is None:
            raise Http404
    assignment = portfolios.reviewer_assign(
        submission=submission,
        reviewer=reviewer,
        actor=cast(User, request.user),
        replacing=replacing,
    )
    return Status(201, ReviewAssignment.objects.select_related("reviewer").get(pk=assignment.pk))
