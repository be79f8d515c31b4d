"""Program staff's side of a portfolio submission through the API, as on its staff page: the
reviewers they may choose (to add, or to put in place of each open review), and adding a
reviewer or putting one in place of another; whom the automatic assignment would pick, and
assigning them (only those read: the page's "Assign automatically").
Personal access tokens need the "staff" scope, and the page's permission (403 otherwise); staff
who are the portfolio's candidate, or who declared a conflict of interest with the candidate, are
refused every operation on it, as the page (403 with the reason).
"""

from datetime import date
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from certify.accounts.api import listed_name, references_attach
from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.portfolios import api as portfolios
from certify.portfolios.models import ReviewAssignment, Submission
from certify.rest.auth import token_or_session
from certify.rest.openapi import example, problems
from certify.rest.schemas import InputSchema

staff_router = Router(auth=token_or_session("staff"))


class ReviewerIn(InputSchema):
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
    automatic: bool = Field(
        description="Picked by the automatic assignment (at submission, after an appeal, or "
        "pressed by staff), not chosen by hand."
    )
    assigned: str = Field(
        description='How it was assigned, as the staff page says: "Automatic", "Automatic '
        '(pressed by <staff name>)", "By <staff name>" or, where that account is gone, "By a '
        'former staff member".'
    )

    model_config = example(
        {
            "id": 214,
            "reviewer_id": 57,
            "reviewer": "Jordan Ellis",
            "round": 1,
            "status": "assigned",
            "due_on": "2026-12-18",
            "automatic": True,
            "assigned": "Automatic (pressed by Sam Rivera)",
        }
    )

    @staticmethod
    def resolve_reviewer(obj: ReviewAssignment) -> str:
        return listed_name(obj.reviewer)  # a closed account by its number, never "" (ADR 0016)

    @staticmethod
    def resolve_assigned(obj: ReviewAssignment) -> str:
        return obj.assigned_how


class ReviewerOut(Schema):
    id: int
    name: str

    model_config = example({"id": 57, "name": "Jordan Ellis"})


class ReplacementsOut(Schema):
    assignment_id: int = Field(description="An open review (assignment) of this version.")
    reviewer_id: int = Field(description="Its reviewer.")
    reviewers: list[ReviewerOut] = Field(description="Who may take it over (`replacing`).")
    none: str = Field(description='Why nobody can take it over ("" when someone can).')


class ReviewerChoicesOut(Schema):
    submission_id: int
    add: list[ReviewerOut] = Field(description="Who may be added (`reviewer_id` alone).")
    add_none: str = Field(description='Why nobody can be added ("" when someone can).')
    replace: list[ReplacementsOut]

    model_config = example(
        {
            "submission_id": 88,
            "add": [],
            "add_none": "This version has its two reviewers: to change one, replace them above.",
            "replace": [
                {
                    "assignment_id": 210,
                    "reviewer_id": 41,
                    "reviewers": [{"id": 57, "name": "Jordan Ellis"}],
                    "none": "",
                }
            ],
        }
    )


def _staff_submission(request: HttpRequest, submission_id: int) -> Submission:
    """The submission as its staff page reads it: the page's permission (403), an unknown id
    (404), and the portfolio's own candidate, or staff who declared a conflict of interest with
    the candidate, refused with the reason (403)."""
    if not request.user.has_perm("portfolios.manage_reviews"):
        raise PermissionDenied
    submission = (
        Submission.objects.select_related(
            "portfolio__planned_set__competency_set",
            "portfolio__planned_set__application__program",
        )
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        raise Http404
    if own_case := portfolios.staff_page_refusal(request.user, submission):
        raise HttpError(403, own_case)
    return submission


def _reviewer(user: User) -> dict[str, object]:
    return {"id": user.pk, "name": str(user)}


@staff_router.get(
    "/submissions/{submission_id}/reviewers",
    response={200: ReviewerChoicesOut, **problems(403, 404)},
    summary="The reviewers staff may choose for a submission",
)
def staff_reviewer_choices(request: HttpRequest, submission_id: int):
    """The lists of the submission's staff page: the active reviewers who may be added, and for
    each open review who may take it over, made by the rule `POST` on this path refuses by (so
    none of them is refused), with the words the page shows when nobody can be chosen. Program
    staff only; refused (403) to the portfolio's own candidate."""
    submission = _staff_submission(request, submission_id)
    assignments = list(submission.assignments.order_by("round", "id"))
    choices = portfolios.reviewer_choices(submission=submission, assignments=assignments)
    return {
        "submission_id": submission.pk,
        "add": [_reviewer(r) for r in choices.add],
        "add_none": choices.add_none,
        "replace": [
            {
                "assignment_id": a.pk,
                "reviewer_id": a.reviewer_id,
                "reviewers": [_reviewer(r) for r in choices.replace[a.pk]],
                "none": "" if choices.replace[a.pk] else portfolios.NOBODY_TO_REPLACE,
            }
            for a in assignments
            if a.pk in choices.replace
        ],
    }


class AutomaticCandidateOut(Schema):
    id: int
    name: str
    open_reviews: int = Field(description="Their reviews not yet finished, of any portfolio.")
    capacity: int = Field(description="The most open reviews their reviewer profile takes.")
    reviewed_earlier_version: bool = Field(
        description="They reviewed an earlier version of this portfolio: they go first."
    )
    picked: bool = Field(description="One of the first `places`: it would assign them now.")


class LeftOutOut(Schema):
    id: int
    name: str
    reason: str = Field(description="Why the automatic assignment passes them by, in words.")


class AutomaticReviewersOut(Schema):
    submission_id: int
    round: int = Field(description="The review round it fills (2 after an appeal sent back).")
    places: int = Field(description="How many places it would fill now (0: it has its two).")
    reviewers: list[AutomaticCandidateOut] = Field(
        description="Whom it would choose from, in the order it takes them."
    )
    left_out: list[LeftOutOut] = Field(
        description="The other reviewers with expertise in the set, not on this version, "
        "and why each is passed by."
    )
    none: str = Field(description='Why it would leave a place empty ("" when it would not).')

    model_config = example(
        {
            "submission_id": 88,
            "round": 1,
            "places": 2,
            "reviewers": [
                {
                    "id": 57,
                    "name": "Jordan Ellis",
                    "open_reviews": 1,
                    "capacity": 5,
                    "reviewed_earlier_version": False,
                    "picked": True,
                },
                {
                    "id": 63,
                    "name": "Mei Tanaka",
                    "open_reviews": 3,
                    "capacity": 10,
                    "reviewed_earlier_version": False,
                    "picked": True,
                },
                {
                    "id": 71,
                    "name": "Omar Haddad",
                    "open_reviews": 4,
                    "capacity": 5,
                    "reviewed_earlier_version": False,
                    "picked": False,
                },
            ],
            "left_out": [
                {
                    "id": 41,
                    "name": "Rosa Rater",
                    "reason": "Rosa Rater has 5 open reviews, as many as their reviewer "
                    "profile takes.",
                },
                {
                    "id": 45,
                    "name": "Lee Park",
                    "reason": "The reviewer declared a conflict of interest with this "
                    "candidate or their library.",
                },
            ],
            "none": "",
        }
    )


@staff_router.get(
    "/submissions/{submission_id}/reviewers/automatic",
    response={200: AutomaticReviewersOut, **problems(403, 404)},
    summary="Whom the automatic assignment would pick for a submission",
)
def staff_automatic_reviewers(request: HttpRequest, submission_id: int):
    """The reviewers the automatic assignment would give the submission now, in the order it
    takes them (those who reviewed an earlier version of the portfolio first, then the least
    loaded), the first `places` marked `picked`; and the other reviewers with expertise in the
    set whom it passes by, with the reason (at capacity, a conflict, the candidate's library…).
    The same choice the service makes when a version is submitted, read without assigning
    anyone. Program staff only; refused (403) to the portfolio's own candidate."""
    submission = _staff_submission(request, submission_id)
    picks = portfolios.automatic_reviewers(submission=submission)
    return {
        "submission_id": submission.pk,
        "round": picks.round,
        "places": picks.places,
        "reviewers": [
            {
                **_reviewer(c.reviewer),
                "open_reviews": c.open_reviews,
                "capacity": c.capacity,
                "reviewed_earlier_version": c.reviewed_earlier_version,
                "picked": i < picks.places,
            }
            for i, c in enumerate(picks.candidates)
        ],
        "left_out": [{**_reviewer(user), "reason": reason} for user, reason in picks.left_out],
        "none": portfolios.NOT_ENOUGH if len(picks.candidates) < picks.places else "",
    }


@staff_router.post(
    "/submissions/{submission_id}/reviewers",
    response={201: AssignmentOut},
    summary="Assign a reviewer to a submission",
)
def staff_submission(request: HttpRequest, submission_id: int, payload: ReviewerIn):
    """Adds a reviewer, or (with `replacing`) withdraws that assignment and gives the review to
    the new one. Refused (400, nothing withdrawn) for someone whose account is deactivated or
    who no longer holds the reviewer role, a declared conflict, or a reviewer who already
    reviews it, so a repeated call does not assign twice; `GET` on this path lists whom it
    accepts. Refused (403 with the reason), as the page, to the portfolio's own candidate and
    to staff who declared a conflict of interest with the candidate."""
    submission = _staff_submission(request, submission_id)
    reviewer = (
        # Any person: the rule says why one may not review (a deactivated account included).
        User.objects.filter(pk=payload.reviewer_id).first()
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


class AutomaticIn(InputSchema):
    picked: list[int] = Field(
        description="The ids `GET` on this path marked `picked`, in its order: what you agree to."
    )

    model_config = example({"picked": [57, 63]})


@staff_router.post(
    "/submissions/{submission_id}/reviewers/automatic",
    response={201: list[AssignmentOut]},
    summary="Assign the reviewers the automatic assignment picks",
)
def staff_assign_automatic(request: HttpRequest, submission_id: int, payload: AutomaticIn):
    """Assigns the reviewers `GET` on this path marks `picked`, sent back as `picked`: when it
    picks others now (a reviewer reached capacity, a place was filled meanwhile, someone joined
    the pool), nothing is assigned and the 400 says what changed and whom it picks now; read
    again and send those if you agree. A second call finds the places filled (400), so it never
    assigns twice. Program staff other than the candidate, as the page's "Assign
    automatically"."""
    submission = _staff_submission(request, submission_id)
    made = portfolios.reviewers_assign_automatic(
        submission=submission, actor=cast(User, request.user), picked_seen=payload.picked
    )
    rows = list(
        ReviewAssignment.objects.filter(pk__in=[a.pk for a in made])
        .select_related("reviewer")
        .order_by("pk")
    )
    references_attach(row.reviewer for row in rows)  # closed accounts' numbers, in one query
    return Status(201, rows)
