"""The candidate's portfolios and the reviewer's assessments (session authentication)."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.hidden import require_or_hide
from certify.portfolios import api as portfolios
from certify.portfolios.api import Rating
from certify.portfolios.models import EvidenceItem, Portfolio, ReviewAssignment
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("portfolios"))
review_router = Router(auth=token_or_session("reviews"))

EVIDENCE_EXAMPLE = {
    "id": 88,
    "kind": "link",
    "title": "Story time video",
    "description": "Ten minutes of a bilingual story time I planned and led.",
    "url": "https://example.org/my-story-time-video",
    "download": "",
    "attestation_status": "",
}
RESPONSE_EXAMPLE = {
    "competency": "CT-1",
    "statement": "Communicate effectively with library users and staff.",
    "narrative": "At the desk I often help people who are upset about fines…",
    "evidence": [EVIDENCE_EXAMPLE],
}
RATINGS_EXAMPLE = {
    "id": 5,
    "competency_set": "CT",
    "version": 1,
    "due_on": "2026-06-15",
    "status": "assigned",
    "verdict": "",
}


class EvidenceOut(Schema):
    id: int
    kind: str = Field(description="file, link or attestation")
    title: str = Field(
        description="The candidate's own title, for them and staff; a reviewer reads a neutral "
        "one such as “Evidence 3 (PDF)” (blind review)."
    )
    description: str
    url: str
    download: str
    attestation_status: str

    model_config = example(EVIDENCE_EXAMPLE)

    @staticmethod
    def resolve_title(obj, context) -> str:
        """The candidate's own title for them and staff; "Evidence 3 (PDF)" for a reviewer."""
        return portfolios.evidence_title_shown_to(context["request"].user, obj)

    @staticmethod
    def resolve_download(obj) -> str:
        if obj.kind != EvidenceItem.Kind.FILE:
            return ""
        return reverse("portfolios:evidence", args=[obj.pk])


class ResponseOut(Schema):
    competency: str
    statement: str
    narrative: str
    evidence: list[EvidenceOut]

    model_config = example(RESPONSE_EXAMPLE)

    @staticmethod
    def resolve_competency(obj) -> str:
        return obj.competency.code

    @staticmethod
    def resolve_statement(obj) -> str:
        return obj.competency.statement

    @staticmethod
    def resolve_evidence(obj) -> list:
        return [e for e in obj.evidence.all() if e.removed_at is None]


class SubmissionOut(Schema):
    number: int
    submitted_at: str
    outcome: str

    @staticmethod
    def resolve_submitted_at(obj) -> str:
        return obj.submitted_at.isoformat()


class PortfolioOut(Schema):
    id: int = Field(description="The planned set's id; portfolio URLs use it.")
    competency_set: str
    status: str = Field(description="draft, submitted, more_evidence, passed or failed")
    attempt: int
    learning_statement: str
    missing: list[str]
    responses: list[ResponseOut]
    submissions: list[SubmissionOut]

    model_config = example(
        {
            "id": 17,
            "competency_set": "CT",
            "status": "draft",
            "attempt": 1,
            "learning_statement": "What I learned about listening…",
            "missing": ["A narrative for CT-2", "Evidence for CT-3"],
            "responses": [RESPONSE_EXAMPLE],
            "submissions": [],
        }
    )

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.planned_set_id

    @staticmethod
    def resolve_competency_set(obj) -> str:
        return obj.planned_set.competency_set.code

    @staticmethod
    def resolve_missing(obj) -> list[str]:
        return portfolios.portfolio_checklist(portfolio=obj)

    @staticmethod
    def resolve_responses(obj) -> list:
        return list(obj.responses.all())

    @staticmethod
    def resolve_submissions(obj) -> list:
        return list(obj.submissions.all())


class TextIn(InputSchema):
    text: str = Field(max_length=20000, description="Plain text; line breaks are kept.")

    model_config = example({"text": "At the desk I often help people who are upset about fines…"})


class LinkIn(InputSchema):
    url: str = Field(max_length=500, examples=["https://example.org/my-story-time-video"])
    title: str = Field(min_length=1, max_length=200)
    description: str = ""

    model_config = example(
        {
            "url": "https://example.org/my-story-time-video",
            "title": "Story time video",
            "description": "Ten minutes of a bilingual story time I planned and led.",
        }
    )


class RatingIn(InputSchema):
    rating: Rating | None = Field(None, description="Empty clears the rating.")
    comment: str = ""

    model_config = example({"rating": "partial", "comment": "The evidence shows one example only."})


class CompleteIn(InputSchema):
    comment: str = ""
    refer_to_course: bool = False

    model_config = example(
        {"comment": "Clear narratives; CT-3 needs a second example.", "refer_to_course": False}
    )


EARLIER_EXAMPLE = {"rating": "partial", "comment": "One example only: add a second one."}
RATING_EXAMPLE = {
    "competency": "CT-1",
    "statement": "Communicate effectively with library users and staff.",
    "narrative": "At the desk I often help people who are upset about fines…",
    "evidence": [88],
    "rating": "met",
    "comment": "",
    "earlier": [EARLIER_EXAMPLE],
    "answer_changed": False,
    "new_evidence": [88],
}


class EarlierRatingOut(Schema):
    """One reviewer's rating of a competency on the version before (no reviewer's name)."""

    rating: str = Field(description="met, partial or not_met")
    comment: str

    model_config = example(EARLIER_EXAMPLE)


class RatingOut(Schema):
    competency: str
    statement: str
    narrative: str
    evidence: list[int]
    rating: str
    comment: str
    earlier: list[EarlierRatingOut] = Field(
        description="On a resubmission, what each reviewer of the version before said on this "
        "competency (their rating and comment, without their names), so you can see whether it "
        "was added; empty on a first version and once the verdict your review took part in is "
        "recorded."
    )
    answer_changed: bool | None = Field(
        description="On a resubmission, whether the written answer differs from the version "
        "before's; null on a first version and once the verdict is recorded."
    )
    new_evidence: list[int] = Field(
        description="On a resubmission, the evidence items (ids, as in `evidence`) that were not "
        "in the version before; empty otherwise."
    )

    model_config = example(RATING_EXAMPLE)


class AssignmentOut(Schema):
    id: int
    competency_set: str
    version: int
    due_on: str
    status: str = Field(description="assigned, completed or withdrawn")
    verdict: str

    model_config = example(RATINGS_EXAMPLE)

    @staticmethod
    def resolve_competency_set(obj) -> str:
        return obj.submission.portfolio.planned_set.competency_set.code

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.submission.number

    @staticmethod
    def resolve_due_on(obj) -> str:
        return obj.due_on.isoformat()


class AssignmentDetailOut(Schema):
    id: int
    competency_set: str
    version: int
    due_on: str
    status: str = Field(description="assigned, completed or withdrawn")
    verdict: str
    resubmission: bool = Field(
        description="This version answers the reviewers' request for more evidence on the "
        "version before (each rating's `earlier` says what they asked for)."
    )
    last_attempt: bool = Field(
        description="The candidate's last portfolio attempt for this set: if the set is not Met "
        "now, the result is final for the portfolio route."
    )
    learning_statement: str = Field(
        description="The candidate's statement as submitted; empty once the verdict your review "
        "took part in is recorded (then each rating's narrative, evidence and earlier ratings "
        "are empty too)."
    )
    ratings: list[RatingOut]

    model_config = example(
        {
            **RATINGS_EXAMPLE,
            "version": 2,
            "resubmission": True,
            "last_attempt": True,
            "learning_statement": "What I learned about listening…",
            "ratings": [RATING_EXAMPLE],
        }
    )


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _portfolio(request: HttpRequest, planned_set_id: int, perm: str) -> Portfolio:
    portfolio = portfolios.portfolio_find(planned_set_id=planned_set_id)
    if portfolio is None:
        raise Http404
    require_or_hide(request.user, portfolio, perm, known_by="portfolios.know_of")
    if refusal := portfolios.portfolio_refusal(request.user, portfolio):
        raise HttpError(403, refusal)  # a declared conflict with the candidate, as the page
    return portfolio


def _response(portfolio: Portfolio, code: str):
    for response in portfolio.responses.all():
        if response.competency.code.lower() == code.lower():
            return response
    raise Http404


@router.get("/{planned_set_id}", response=PortfolioOut, summary="Get a portfolio")
def portfolio_detail(request: HttpRequest, planned_set_id: int):
    """The candidate's own portfolio (also staff, and its reviewers while they review the
    version it is: not after the verdict)."""
    return _portfolio(request, planned_set_id, "portfolios.view_portfolio")


@router.put("/{planned_set_id}/statement", response=PortfolioOut, summary="Save the statement")
def statement(request: HttpRequest, planned_set_id: int, payload: TextIn):
    """What you learned across the set, in your words; while the portfolio is open."""
    portfolio = _portfolio(request, planned_set_id, "portfolios.edit_portfolio")
    portfolios.learning_statement_save(portfolio=portfolio, actor=_user(request), text=payload.text)
    return _portfolio(request, planned_set_id, "portfolios.edit_portfolio")


@router.put("/{planned_set_id}/responses/{code}", response=ResponseOut, summary="Save a response")
def response_save(request: HttpRequest, planned_set_id: int, code: str, payload: TextIn):
    """The narrative for one competency (by its code, e.g. CT-03)."""
    portfolio = _portfolio(request, planned_set_id, "portfolios.edit_portfolio")
    response = _response(portfolio, code)
    portfolios.response_save(response=response, actor=_user(request), narrative=payload.text)
    return _response(_portfolio(request, planned_set_id, "portfolios.edit_portfolio"), code)


@router.post(
    "/{planned_set_id}/responses/{code}/links",
    response={201: EvidenceOut},
    summary="Add a link as evidence",
)
def link_add(request: HttpRequest, planned_set_id: int, code: str, payload: LinkIn):
    """A web page, video or document online, for one competency (by its code). Files are
    uploaded on the portfolio page."""
    portfolio = _portfolio(request, planned_set_id, "portfolios.edit_portfolio")
    item = portfolios.evidence_add_link(
        response=_response(portfolio, code),
        actor=_user(request),
        url=payload.url,
        title=payload.title,
        description=payload.description,
    )
    return Status(201, item)


@router.post("/{planned_set_id}/submit", response=PortfolioOut, summary="Submit for review")
def submit(request: HttpRequest, planned_set_id: int):
    """Locks this version and assigns two reviewers; 400 with what is missing otherwise, and
    after your completion deadline until staff extend it."""
    portfolio = _portfolio(request, planned_set_id, "portfolios.edit_portfolio")
    portfolios.portfolio_submit(portfolio=portfolio, actor=_user(request))
    return _portfolio(request, planned_set_id, "portfolios.view_portfolio")


def _assignment(request: HttpRequest, assignment_id: int) -> ReviewAssignment:
    if not request.user.has_perm("portfolios.review"):
        raise PermissionDenied
    assignment = portfolios.assignment_find(pk=assignment_id)
    # Someone else's review answers as an unknown id does (docs/security.md).
    if assignment is None or assignment.reviewer_id != request.user.pk:
        raise Http404
    # Hers, but she declared a conflict with its candidate: 403 with the page's words.
    if refusal := portfolios.review_refusal(request.user, assignment):
        raise HttpError(403, refusal)
    # Hers, withdrawn: 410 with the page's words (that it ended, and why).
    if assignment.status == ReviewAssignment.Status.WITHDRAWN:
        raise HttpError(410, portfolios.review_ended_words(assignment))
    return assignment


def _changed(changed: Any) -> dict[str, Any]:
    """A rating's `answer_changed` and `new_evidence`, as the reviewer's page marks them."""
    if changed is None:
        return {"answer_changed": None, "new_evidence": []}
    return {"answer_changed": changed.answer, "new_evidence": sorted(changed.new_evidence)}


def _assignment_detail(assignment: ReviewAssignment) -> dict:
    """The review beside its version; once the verdict is in (the assignment is no longer live)
    the reviewer's own ratings and comments only: no statement, narratives or evidence."""
    live = portfolios.assignment_is_live(assignment)
    submission = assignment.submission
    snapshot: dict[str, Any] = submission.snapshot if live else {}
    responses = {r["competency"]: r for r in snapshot.get("responses", ())}
    # As the reviewer's page: the version before's ratings per competency, while the review is.
    earlier = portfolios.previous_version_feedback(submission=submission) if live else {}
    changed = portfolios.previous_version_changes(submission=submission) if earlier else {}
    application = submission.portfolio.planned_set.application
    return {
        "id": assignment.pk,
        "competency_set": submission.portfolio.planned_set.competency_set.code,
        "version": submission.number,
        "due_on": assignment.due_on.isoformat(),
        "status": assignment.status,
        "verdict": assignment.verdict,
        "resubmission": submission.number > 1,
        # The rule's last attempt: a verdict short of Met ends the portfolio route.
        "last_attempt": submission.number > application.rule("portfolio_resubmissions"),
        "learning_statement": portfolios.narrative_clean(snapshot.get("learning_statement", "")),
        "ratings": [
            {
                "competency": r.competency.code,
                "statement": r.competency.statement,
                "narrative": portfolios.narrative_clean(
                    responses.get(r.competency_id, {}).get("narrative", "")
                ),
                "evidence": responses.get(r.competency_id, {}).get("evidence", []),
                "rating": r.rating,
                "comment": r.comment,
                "earlier": [
                    {"rating": e.rating, "comment": e.comment}
                    for e in earlier.get(r.competency_id, [])
                ],
                **_changed(changed.get(r.competency_id)),
            }
            for r in assignment.ratings.all()
        ],
    }


@review_router.get("", response=list[AssignmentOut], summary="My reviews")
@paginate(Pagination)
def my_reviews(request: HttpRequest):
    """Open reviews first, by due date. Reviewers only."""
    if not request.user.has_perm("portfolios.review"):
        raise PermissionDenied
    return portfolios.reviewer_queue(reviewer=_user(request))


@review_router.get(
    "/{assignment_id}", response=AssignmentDetailOut, summary="A review with its evidence"
)
def review_detail(request: HttpRequest, assignment_id: int):
    """The submitted version (narratives sanitised; evidence ids) beside the ratings; after the
    verdict, your ratings and comments only."""
    return _assignment_detail(_assignment(request, assignment_id))


@review_router.put(
    "/{assignment_id}/ratings/{code}", response=AssignmentDetailOut, summary="Rate one competency"
)
def rate(request: HttpRequest, assignment_id: int, code: str, payload: RatingIn):
    """Met, partially met or not met, with a comment, for one competency (by its code);
    only your own open reviews."""
    assignment = _assignment(request, assignment_id)
    row = next(
        (r for r in assignment.ratings.all() if r.competency.code.lower() == code.lower()), None
    )
    if row is None:
        raise Http404
    portfolios.rating_save(
        assignment=assignment,
        actor=_user(request),
        competency_id=row.competency_id,
        rating=payload.rating or "",
        comment=payload.comment,
    )
    return _assignment_detail(_assignment(request, assignment_id))


@review_router.post(
    "/{assignment_id}/complete", response=AssignmentDetailOut, summary="Finish the review"
)
def complete(request: HttpRequest, assignment_id: int, payload: CompleteIn):
    """Records the verdict; when both reviewers are done the outcome is decided."""
    assignment = _assignment(request, assignment_id)
    try:
        portfolios.assessment_complete(
            assignment=assignment,
            actor=_user(request),
            comment=payload.comment,
            refer_to_course=payload.refer_to_course,
        )
    except DomainError:
        # She declared a conflict while this was on its way: 403 with the reason.
        if refusal := portfolios.review_refusal(request.user, assignment):
            raise HttpError(403, refusal) from None
        raise
    return _assignment_detail(_assignment(request, assignment_id))
