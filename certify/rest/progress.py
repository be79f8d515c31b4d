"""The candidate's plan: electives and the route for each set (the plan page's two forms)."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from certify.accounts.models import User
from certify.applications import api as applications
from certify.applications.models import Application
from certify.progress import api as progress
from certify.progress.models import PlannedSet
from certify.rest.auth import token_or_session
from certify.rest.openapi import example, problems

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


class ElectivesIn(Schema):
    electives: list[str] = Field(description="The codes of the electives, e.g. REF")

    model_config = example({"electives": ["REF", "ACC", "YTH"]})


class RouteIn(Schema):
    route: PlannedSet.Route

    model_config = example({"route": "portfolio"})


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _enrolled(request: HttpRequest) -> Application:
    if not request.user.has_perm("progress.view_own_plan"):  # as the plan page
        raise PermissionDenied
    application = applications.application_current_for(candidate=_user(request))
    if application is None or application.status != Application.Status.ACCEPTED:
        raise Http404
    return application


def _sets(application: Application) -> list[PlannedSet]:
    return list(
        PlannedSet.objects.filter(application=application)
        .select_related("competency_set")
        .order_by("competency_set__kind", "competency_set__code")
    )


@router.get("", response={200: list[PlannedSetOut], **problems(404)}, summary="My plan")
def plan(request: HttpRequest):
    """The sets of your current, accepted application (404 before acceptance)."""
    return _sets(_enrolled(request))


@router.put(
    "/electives",
    response={200: list[PlannedSetOut], **problems(404)},
    summary="Choose my electives",
)
def electives(request: HttpRequest, payload: ElectivesIn):
    """Exactly the program's number of electives; a set already started stays (400)."""
    application = _enrolled(request)
    progress.electives_choose(
        application=application, actor=_user(request), set_codes=payload.electives
    )
    return _sets(application)


@router.put("/{planned_set_id}/route", response=PlannedSetOut, summary="Choose a set's route")
def route(request: HttpRequest, planned_set_id: int, payload: RouteIn):
    """An approved course, a portfolio or a recognized program, for one set of your plan."""
    if not request.user.has_perm("progress.view_own_plan"):
        raise PermissionDenied
    planned = PlannedSet.objects.filter(
        pk=planned_set_id, application__candidate=_user(request)
    ).first()
    if planned is None:
        raise Http404
    progress.route_choose(planned=planned, actor=_user(request), route=payload.route)
    return PlannedSet.objects.select_related("competency_set").get(pk=planned.pk)
