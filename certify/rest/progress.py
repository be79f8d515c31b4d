"""The candidate's plan: electives and the route for each set (the plan page's two forms)."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from certify.accounts.models import User
from certify.applications import api as applications
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.progress import api as progress
from certify.progress.models import PlannedSet
from certify.rest.auth import token_or_session
from certify.rest.openapi import example, problems
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("portfolios"))

PLANNED_EXAMPLE = {
    "id": 31,
    "competency_set": "REF",
    "name": "Reference and Information Services",
    "kind": "elective",
    "route": "portfolio",
    "status": "not_started",
}


class PlannedSetOut(Schema):
    id: int = Field(description="The planned set's id: the portfolio's id in /portfolios/{id}")
    competency_set: str
    name: str
    kind: str = Field(description="core or elective")
    route: str = Field(
        description="'' (not chosen), course, portfolio, or the stored value for a recognized "
        "college program"
    )
    status: str

    model_config = example(PLANNED_EXAMPLE)

    @staticmethod
    def resolve_competency_set(obj) -> str:
        return obj.competency_set.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.competency_set.name

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.competency_set.kind


class ElectivesIn(InputSchema):
    electives: list[str] = Field(description="The codes of the electives, e.g. REF")

    model_config = example({"electives": ["REF", "ACC", "YTH"]})


class RouteIn(InputSchema):
    route: PlannedSet.Route

    model_config = example({"route": "portfolio"})


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# The plan's program, as on the plan page: `/plan/programs/<slug>/` (ADR 0055).
PROGRAM = Query(
    None,
    description="The program's slug, for a candidate enrolled in more than one program. "
    "Without it: the plan of the only program you are enrolled in (a 400 names your programs "
    "when you are in several).",
    example="lsscp",
)


def _enrolled(request: HttpRequest, program: str | None = None) -> Application:
    if not request.user.has_perm("progress.view_own_plan"):  # as the plan page
        raise PermissionDenied
    enrolled = [
        a
        for a in applications.application_current_list_for(candidate=_user(request))
        if a.status == Application.Status.ACCEPTED
    ]
    if program:
        enrolled = [a for a in enrolled if a.program.slug == program]
    if not enrolled:
        raise Http404
    if len(enrolled) > 1:
        slugs = ", ".join(a.program.slug for a in enrolled)
        raise DomainError(
            f"You are enrolled in more than one program ({slugs}): name one with ?program=."
        )
    return enrolled[0]


def _sets(application: Application) -> list[PlannedSet]:
    return list(
        PlannedSet.objects.filter(application=application)
        .select_related("competency_set")
        .order_by("competency_set__kind", "competency_set__code")
    )


@router.get("", response={200: list[PlannedSetOut], **problems(400, 404)}, summary="My plan")
def plan(request: HttpRequest, program: str | None = PROGRAM):
    """The sets of your accepted application in the program (404 before acceptance), e.g.
    `GET /api/v1/plan?program={slug}` with a program's slug from `GET /programs`."""
    return _sets(_enrolled(request, program))


@router.put(
    "/electives",
    response={200: list[PlannedSetOut], **problems(400, 404)},
    summary="Choose my electives",
)
def electives(request: HttpRequest, payload: ElectivesIn, program: str | None = PROGRAM):
    """Exactly the program's number of electives; a set already started stays (400); 400 after
    your completion deadline until staff extend it. In the plan of `program` (as `GET /plan`),
    e.g. `PUT /api/v1/plan/electives?program={slug}`."""
    application = _enrolled(request, program)
    progress.electives_choose(
        application=application, actor=_user(request), set_codes=payload.electives
    )
    return _sets(application)


@router.put("/{planned_set_id}/route", response=PlannedSetOut, summary="Choose a set's route")
def route(request: HttpRequest, planned_set_id: int, payload: RouteIn):
    """An approved course, a portfolio or a recognized program, for one set of your plan; 400
    after your completion deadline until staff extend it, and for a portfolio once the set's
    portfolio was not met for good (until an appeal sends it back)."""
    if not request.user.has_perm("progress.view_own_plan"):
        raise PermissionDenied
    planned = PlannedSet.objects.filter(
        pk=planned_set_id, application__candidate=_user(request)
    ).first()
    if planned is None:
        raise Http404
    progress.route_choose(planned=planned, actor=_user(request), route=payload.route)
    return PlannedSet.objects.select_related("competency_set").get(pk=planned.pk)
