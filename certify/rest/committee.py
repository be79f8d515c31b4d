"""A sponsor's committee (ADR 0050) through the API, as on its workspace pages: the rubric (the
administrators), each member's scores and conflicts, the chair confirming the ranking's awards.

Registered on the sponsor's scholarships router ("scholarships" scope). A member who declared a
conflict with an applicant, or whose own application it is, is left out: 403 with the reason,
before anything else, as the pages do."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from certify.rest.openapi import example, examples
from certify.rest.schemas import InputSchema
from certify.rest.scholarships import _application, _dashboard, _fund, _user, sponsor_router
from certify.scholarships import api as scholarships
from certify.scholarships.models import ScholarshipApplication, Scorecard


class CriterionIn(InputSchema):
    name: str = Field("", max_length=120)
    max_points: int | None = Field(None, description="The most points, from 1 up.")
    description: str = Field("", max_length=300, description="What the committee looks for.")


class CriterionOut(Schema):
    id: int
    name: str
    max_points: int
    description: str


class RubricIn(InputSchema):
    criteria: list[CriterionIn] = Field(max_length=20)

    model_config = example(
        {
            "criteria": [
                {"name": "Need", "max_points": 10, "description": "How much the award helps."},
                {"name": "Commitment", "max_points": 5, "description": ""},
            ]
        }
    )


class RubricOut(Schema):
    fund: str
    criteria: list[CriterionOut]

    model_config = example(
        {
            "fund": "ssd-lsscp-enrollment",
            "criteria": [
                {"id": 1, "name": "Need", "max_points": 10, "description": "How much it helps."},
                {"id": 2, "name": "Commitment", "max_points": 5, "description": ""},
            ],
        }
    )


@sponsor_router.put("/funds/{slug}/rubric", response=RubricOut, summary="Set a fund's rubric")
def rubric(request: HttpRequest, slug: str, payload: RubricIn):
    """Replaces the criteria the committee scores on (the sponsor's administrators). Only until
    the first member scores (400 after), and never on a fund that awards by a random draw (400:
    nobody scores its applications). What is wrong with a criterion is in `fields`, keyed
    `<index>-name` or `<index>-max_points` (the criterion's place in the list sent, from 0; an
    empty one is skipped), in the page's words. Sending it again saves the same."""
    _dashboard(request)
    fund = _fund(request, slug, "scholarships.manage_fund")
    scholarships.rubric_save(
        fund=fund, actor=_user(request), criteria=[c.model_dump() for c in payload.criteria]
    )
    return {"fund": fund.slug, "criteria": scholarships.rubric_of(fund)}


class CriterionScoreIn(InputSchema):
    criterion: int = Field(description="The criterion's id (from the rubric).")
    points: int | None = Field(None, description="From 0 to the criterion's most points.")
    comment: str = Field("", max_length=2000)


class ScorecardIn(InputSchema):
    scores: list[CriterionScoreIn] = Field(max_length=20)

    model_config = example(
        {
            "scores": [
                {"criterion": 1, "points": 8, "comment": "Clear need."},
                {"criterion": 2, "points": 4, "comment": ""},
            ]
        }
    )


class ScoreOut(Schema):
    criterion: int
    points: int
    comment: str

    @staticmethod
    def resolve_criterion(obj) -> int:
        return obj.criterion_id


class ScorecardOut(Schema):
    application: int
    total_points: int
    scored_at: datetime
    scores: list[ScoreOut]

    model_config = example(
        {
            "application": 9,
            "total_points": 12,
            "scored_at": "2026-12-04T16:20:00Z",
            "scores": [
                {"criterion": 1, "points": 8, "comment": "Clear need."},
                {"criterion": 2, "points": 4, "comment": ""},
            ],
        }
    )

    @staticmethod
    def resolve_application(obj) -> int:
        return obj.application_id

    @staticmethod
    def resolve_scores(obj) -> list:
        return list(obj.scores.order_by("criterion__position", "criterion_id"))


def _member_application(request: HttpRequest, application_id: int) -> ScholarshipApplication:
    """The application, for a committee member who is not left out of it (403 saying why)."""
    application = _application(request, application_id, "scholarships.score")
    if why := scholarships.committee_left_out(_user(request), application):
        raise HttpError(403, why)
    return application


@sponsor_router.put(
    "/applications/{application_id}/scorecard",
    response=ScorecardOut,
    summary="Score an application on the rubric (committee member)",
)
def score(request: HttpRequest, application_id: int, payload: ScorecardIn):
    """Your own scores, one per criterion (every criterion needs points: 400 with `fields`,
    keyed `points_<criterion id>`, in the page's words). Sending again replaces your scores.
    Refused (403) when it is your own application or you declared a conflict with the
    applicant; 400 once it is decided, and on a fund that awards by a random draw (its
    applications are not scored: scores would have no part in who is awarded)."""
    application = _member_application(request, application_id)
    scores = {s.criterion: (s.points, s.comment) for s in payload.scores}
    card = scholarships.scorecard_save(application=application, actor=_user(request), scores=scores)
    return Scorecard.objects.get(pk=card.pk)


class CommitteeConflictIn(InputSchema):
    reason: str = Field("", max_length=300, description="Kept in the record; not shown to them.")

    model_config = example({"reason": "I supervise them."})


class CommitteeConflictOut(Schema):
    id: int
    application: int
    reason: str
    declared_at: datetime

    model_config = example(
        {
            "id": 4,
            "application": 9,
            "reason": "I supervise them.",
            "declared_at": "2026-12-04T16:20:00Z",
        }
    )


@sponsor_router.post(
    "/applications/{application_id}/conflict",
    response={201: CommitteeConflictOut},
    summary="Declare a conflict with an applicant (committee member)",
)
def conflict(request: HttpRequest, application_id: int, payload: CommitteeConflictIn):
    """From then on you are left out of the application (not shown it, not scoring it, not
    counted in its mean) and of any decision about the person. A reason is needed (400).
    Declaring again is refused (403): you are already left out."""
    application = _member_application(request, application_id)
    declared = scholarships.committee_conflict_declare(
        application=application, actor=_user(request), reason=payload.reason
    )
    return Status(
        201,
        {
            "id": declared.pk,
            "application": application.pk,
            "reason": declared.reason,
            "declared_at": declared.declared_at,
        },
    )


class ConfirmedOut(Schema):
    awarded: list[int] = Field(description="The applications awarded.")
    declined: list[int] = Field(description="The scored applications not awarded (told why).")
    draw: int | None = Field(None, description="The draw that broke a tie, if one was needed.")

    model_config = example({"awarded": [9, 12], "declined": [14], "draw": None})


class OutlineOut(Schema):
    places: int = Field(description="Awards the fund can still make.")
    awarded: list[int] = Field(description="Applications certain of an award.")
    tie: list[int] = Field(description="Applications tied for the last places: drawn at random.")
    tie_places: int = Field(description="How many of the tied applications are drawn.")
    declined: list[int] = Field(description="Scored applications that would be told no.")
    unscored: list[int] = Field(description="Applications nobody scored yet: they keep waiting.")
    outcome: str = Field(
        description="Send it back as `outcome` when confirming: if the ranking changed since, "
        "nothing is confirmed (400)."
    )

    model_config = example(
        {
            "places": 2,
            "awarded": [9, 12],
            "tie": [],
            "tie_places": 0,
            "declined": [14],
            "unscored": [],
            "outcome": "awarded:9,12;drawn:0 of ;declined:14",
        }
    )


def _ids(rows) -> list[int]:
    return sorted(row.application.pk for row in rows)


@sponsor_router.get(
    "/funds/{slug}/confirm",
    response=OutlineOut,
    summary="What confirming the ranking would do (the chair)",
)
def confirm_outline(request: HttpRequest, slug: str):
    """The awards confirming would make today, as the confirmation page shows them. The chair
    only. Reading it changes nothing."""
    _dashboard(request)
    fund = _fund(request, slug, "scholarships.confirm_awards")
    plan = scholarships.committee_outline(fund=fund)
    return {
        "places": plan.places,
        "awarded": _ids(plan.awarded),
        "tie": _ids(plan.tie),
        "tie_places": plan.tie_places,
        "declined": _ids(plan.below + plan.ineligible),
        "unscored": _ids(plan.unscored),
        "outcome": plan.outcome,
    }


class ConfirmIn(InputSchema):
    outcome: str | None = Field(
        None,
        description="The `outcome` of the outline you read (GET): if the ranking changed "
        "since, nothing is confirmed (400). Not sent: the ranking as it stands is confirmed.",
    )


@sponsor_router.post(
    "/funds/{slug}/confirm",
    response=ConfirmedOut,
    summary="Confirm the ranking's awards (the chair)",
    # The body may be left out altogether (then the ranking as it stands is confirmed).
    openapi_extra=examples(request={"outcome": "awarded:9,12;drawn:0 of ;declined:14"}),
)
def confirm(request: HttpRequest, slug: str, payload: ConfirmIn | None = None):
    """The highest mean scores are awarded, as many as the fund can still make; a tie for the
    last places is drawn at random (once applications have closed); the other scored
    applications are told they were not awarded. The chair only (not on a ranking with their
    own application). Confirming again has nothing left to confirm: 400. Send the `outcome`
    of the outline you read so a ranking that changed since is not confirmed unseen."""
    _dashboard(request)
    fund = _fund(request, slug, "scholarships.confirm_awards")
    done = scholarships.committee_confirm(
        fund=fund,
        actor=_user(request),
        outcome_seen=payload.outcome if payload is not None else None,
    )
    return {
        "awarded": [a.pk for a in done.awarded],
        "declined": [a.pk for a in done.declined],
        "draw": done.draw.pk if done.draw else None,
    }
