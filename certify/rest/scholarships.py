"""Scholarships: the public list of funds, the candidate's own applications, and the sponsor's
decisions and draws on their own funds (personal tokens: the "scholarships" scope)."""

from datetime import date, datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from certify.accounts.api import closure_erased, listed_name, references_attach
from certify.accounts.models import User
from certify.rest.auth import token_or_session
from certify.rest.openapi import example, link, problems
from certify.rest.pagination import Pagination
from certify.rest.scholarship_examples import (
    APPLICATION_EXAMPLE,
    AWARD_EXAMPLE,
    FUND_EXAMPLE,
    FUND_TOTALS_EXAMPLE,
)
from certify.rest.scholarship_inputs import ApplyIn, AwardDecisionIn, DrawIn
from certify.rest.scholarship_refusals import DECISION_REFUSALS
from certify.rest.throttling import PublicRateThrottle
from certify.scholarships import api as scholarships
from certify.scholarships.models import Award, Draw, Fund, Purpose, ScholarshipApplication

router = Router(auth=token_or_session("scholarships"))
sponsor_router = Router(auth=token_or_session("scholarships"))


class FundOut(Schema):
    slug: str
    name: str
    sponsor: str
    description: str
    purposes: list[str]
    currency: str
    award_cents: int
    max_awards: int
    awards_left: int
    opens_on: date
    closes_on: date | None
    decisions_by: date | None
    open_now: bool
    method: str
    required_memberships: list[str]
    cooldown_months: int
    states: list[str]
    min_years_experience: int

    model_config = example(FUND_EXAMPLE)

    @staticmethod
    def resolve_sponsor(obj) -> str:
        return obj.sponsor.name

    @staticmethod
    def resolve_purposes(obj) -> list[str]:
        return [p.value for p in obj.purposes]

    @staticmethod
    def resolve_open_now(obj) -> bool:
        return obj.is_open_on(scholarships.fund_today(obj))  # the program's day

    @staticmethod
    def resolve_required_memberships(obj) -> list[str]:
        return [o.code for o in obj.required_organisations.all()]

    @staticmethod
    def resolve_states(obj) -> list[str]:
        return obj.state_list


class FundTotalsOut(FundOut):
    """A fund with its money, for the sponsor's people and staff."""

    budget_cents: int
    committed_cents: int
    paid_cents: int
    remaining_cents: int
    awards_made: int
    waiting: int = 0
    to_score: int | None = Field(
        None,
        description="Where you score this fund's applications with its committee (its chair "
        "awards): the applications waiting that you have not scored yet and are not left out "
        "of (your own, a conflict you declared, any while your own application to it waits). "
        "An application is scored once you saved points for every criterion; there are no "
        "draft scores. Null where you do not score: you decide, the fund draws, or you oversee. "
        "0 on a fund with no rubric yet, where nothing can be scored (see `scoring_note`).",
    )
    scoring_note: str = Field(
        "",
        description="Where you score a fund with no rubric yet, what to do: ask the sponsor's "
        "administrators to set one (its `to_score` is 0 until they do). Empty otherwise.",
    )

    model_config = example(FUND_TOTALS_EXAMPLE)


class AwardOut(Schema):
    id: int
    amount_cents: int
    status: str
    purpose: str
    awarded_on: date
    use_by: date
    paid_on: date | None
    invoice: str | None
    draw: int | None
    payable_since: date | None = Field(
        None,
        description="A class award: the day its recipient enrolled in the fund's program, from "
        "which the sponsor may record its payment; null while they have not (or for an award "
        "of another purpose)",
    )

    model_config = example(AWARD_EXAMPLE)

    @staticmethod
    def resolve_payable_since(obj) -> date | None:
        if obj.purpose != Purpose.CLASS:
            return None
        if hasattr(obj, "payable_since_read"):  # read with the rest of the page
            return obj.payable_since_read
        return scholarships.class_awards_payable_since([obj]).get(obj.pk)

    @staticmethod
    def resolve_invoice(obj) -> str | None:
        return obj.invoice.code if obj.invoice_id else None

    @staticmethod
    def resolve_draw(obj) -> int | None:
        return obj.draw_id


class ApplicationOut(Schema):
    id: int
    fund: str
    purpose: str
    statement: str
    class_details: str
    state_of_employment: str
    years_experience: int | None
    status: str
    submitted_at: datetime
    decided_at: datetime | None
    reason: str
    award: AwardOut | None

    model_config = example(APPLICATION_EXAMPLE)

    @staticmethod
    def resolve_fund(obj) -> str:
        return obj.fund.slug

    @staticmethod
    def resolve_award(obj) -> Award | None:
        return getattr(obj, "award", None)


class SponsorApplicationOut(ApplicationOut):
    applicant_name: str
    applicant_email: str

    model_config = example(
        {
            **APPLICATION_EXAMPLE,
            "applicant_name": "Alex Rivera",
            "applicant_email": "alex.rivera@example.org",
        }
    )

    @staticmethod
    def resolve_applicant_name(obj) -> str:
        # As the fund's page says it once the applicant closed their account (ADR 0016):
        # "Account closed (candidate LSSCP-C-…)", never the placeholder name; its placeholder
        # address is no address. A list reads its references at once (`_rows_read`).
        return listed_name(obj.applicant)

    @staticmethod
    def resolve_applicant_email(obj) -> str:
        return "" if closure_erased(obj.applicant) else obj.applicant.email

    @staticmethod
    def resolve_reason(obj: ScholarshipApplication, context: dict[str, Any]) -> str:
        """The committee's words for an application a draw left out (its own `reason` is
        addressed to the applicant), as the application's page gives them."""
        if obj.status != ScholarshipApplication.Status.DECLINED:
            return obj.reason
        left_out = _left_out(context["request"], obj.fund_id).get(obj.pk)
        return scholarships.sponsor_reason(obj, left_out)


def _left_out(request: HttpRequest, fund_id: int) -> dict[int, tuple[Draw, str]]:
    """The applications the fund's draws left out, read once per fund and request."""
    if not hasattr(request, "_draws_left_out"):
        request._draws_left_out = {}  # type: ignore[attr-defined]
    cache = request._draws_left_out  # type: ignore[attr-defined]
    if fund_id not in cache:
        cache[fund_id] = scholarships.draws_left_out(fund_id=fund_id)
    return cache[fund_id]


class DrawOut(Schema):
    id: int
    fund: str
    number: int
    seed: str
    algorithm: str
    pool: list[int]
    excluded: dict[str, str]
    places: int
    winners: list[int]
    drawn_at: datetime
    reproduced: bool

    model_config = example(
        {
            "id": 2,
            "fund": "ssd-lsscp-enrollment",
            "number": 1,
            "seed": "9f2c4e7a1b3d5f60",
            "algorithm": "python-random-sample-v1",
            "pool": [9, 11, 14],
            "excluded": {"15": "Awarded by this fund in the last 24 months."},
            "places": 2,
            "winners": [14, 9],
            "drawn_at": "2026-04-02T09:30:00Z",
            "reproduced": True,
        }
    )

    @staticmethod
    def resolve_fund(obj) -> str:
        return obj.fund.slug

    @staticmethod
    def resolve_excluded(obj: Draw, context: dict[str, Any]) -> dict[str, str]:
        """Why each application was left out, as the reader reads it: the applicant their own
        words; the sponsor's people with the applicant's name of today; others without names."""
        return scholarships.draw_excluded(draw=obj, user=context["request"].user)

    @staticmethod
    def resolve_reproduced(obj) -> bool:
        return scholarships.draw_is_reproduced(draw=obj)


def _rows_read(rows: list[ScholarshipApplication]) -> None:
    """A page's awards payable and its closed accounts' references, each read once."""
    scholarships.class_awards_payable_read(rows)
    references_attach(row.applicant for row in rows)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _fund(request: HttpRequest, slug: str, perm: str) -> Fund:
    try:
        fund = scholarships.fund_get(slug=slug)
    except Fund.DoesNotExist:
        raise Http404("No such fund.") from None
    scholarships.require(request.user, fund, perm)
    return fund


def _application(request: HttpRequest, pk: int, perm: str) -> ScholarshipApplication:
    try:
        application = scholarships.application_get(pk=pk)
    except ScholarshipApplication.DoesNotExist:
        raise Http404("No such application.") from None
    scholarships.require(request.user, application, perm)
    return application


# --- Public and the candidate's own --------------------------------------------------------


@router.get(
    "/funds",
    response=list[FundOut],
    auth=None,
    throttle=[PublicRateThrottle()],
    summary="List scholarship funds",
)
@paginate(Pagination)
def funds(request: HttpRequest):
    """Every active fund: what it pays, its amounts, its window and who may apply. Public."""
    return scholarships.fund_list()


@router.get(
    "/funds/{slug}",
    response=FundOut,
    auth=None,
    throttle=[PublicRateThrottle()],
    summary="Get a fund",
)
def fund(request: HttpRequest, slug: str):
    """One active fund by its slug. Public."""
    try:
        return scholarships.fund_list().get(slug=slug)
    except Fund.DoesNotExist:
        raise Http404("No such fund.") from None


@router.get("/applications", response=list[ApplicationOut], summary="List my applications")
@paginate(Pagination, read=scholarships.class_awards_payable_read)
def my_applications(request: HttpRequest):
    """Your scholarship applications, newest first, each with its award if there is one."""
    return scholarships.applications_of(user=_user(request))


@router.post(
    "/applications",
    response={201: ApplicationOut, **problems(404)},
    summary="Apply to a fund",
    openapi_extra=link(
        201,
        "GetScholarshipApplication",
        operation_id="certify_rest_scholarships_my_application",
        pk="$response.body#/id",
    ),
)
def apply(request: HttpRequest, body: ApplyIn):
    """Refused with every reason (`problems`, and `fields` by input) when you may not apply."""
    if not request.user.has_perm("scholarships.apply"):
        raise PermissionDenied
    try:
        fund = scholarships.fund_list().get(slug=body.fund)
    except Fund.DoesNotExist:
        raise Http404("No such fund.") from None
    application = scholarships.application_submit(
        fund=fund,
        applicant=_user(request),
        statement=body.statement,
        purpose=body.purpose,
        class_details=body.class_details,
        state_of_employment=body.state_of_employment,
        years_experience=body.years_experience,
    )
    return Status(201, scholarships.application_get(pk=application.pk))


@router.get(
    "/applications/{pk}",
    response=ApplicationOut,
    summary="Get one of my applications",
)
def my_application(request: HttpRequest, pk: int):
    """One of your scholarship applications, with its award if there is one."""
    return _application(request, pk, "scholarships.withdraw_application")


@router.post(
    "/applications/{pk}/withdraw",
    response=ApplicationOut,
    summary="Withdraw my application",
)
def withdraw(request: HttpRequest, pk: int):
    """While it waits for a decision; an award not yet used is given back to the fund."""
    application = _application(request, pk, "scholarships.withdraw_application")
    scholarships.application_withdraw(application=application, actor=_user(request))
    return scholarships.application_get(pk=pk)


# --- The sponsor's people ------------------------------------------------------------------


def _dashboard(request: HttpRequest) -> None:
    if not request.user.has_perm("scholarships.view_dashboard"):
        raise PermissionDenied


@sponsor_router.get("/funds", response=list[FundTotalsOut], summary="List my funds")
@paginate(Pagination)
def sponsor_funds(request: HttpRequest):
    """The funds you help run (staff: every fund) with budget, committed, paid and remaining."""
    _dashboard(request)
    user = _user(request)
    funds = list(scholarships.funds_run_by(user=user))  # a person's funds: a short list
    scholarships.work_left_read(user, funds)
    return funds


@sponsor_router.get(
    "/funds/{slug}/applications",
    response={200: list[SponsorApplicationOut], **problems(400)},
    summary="List a fund's applications",
)
@paginate(Pagination, read=_rows_read)
def sponsor_applications(request: HttpRequest, slug: str, status: str = "", to_score: bool = False):
    """`status=submitted` lists the applications waiting for a decision (an unknown status is
    a 400). The fund's sponsor people and staff only; a committee member is not shown the
    applications they are left out of (their own, or an applicant they declared a conflict
    with), as on the pages. `to_score=true` lists only your own work left, the fund's
    `to_score` count: the waiting applications you have not scored (for the sponsor's people;
    program staff, who do not score, get the list as without it)."""
    _dashboard(request)
    fund = _fund(request, slug, "scholarships.view_fund")
    if status and status not in ScholarshipApplication.Status.values:
        values = ", ".join(ScholarshipApplication.Status.values)
        raise HttpError(400, f"Status must be one of: {values}.")
    member = _user(request) if request.user.has_perm("scholarships.score", fund) else None
    return scholarships.application_list_for_fund(
        fund=fund, status=status, member=member, to_score=to_score
    )


@sponsor_router.post(
    "/applications/{pk}/decision",
    response=SponsorApplicationOut,
    summary="Award or decline an application",
    openapi_extra=DECISION_REFUSALS,
)
def decide(request: HttpRequest, pk: int, body: AwardDecisionIn):
    """Awarding is refused, with the reason, when the fund has no money or award left, or the
    applicant no longer meets its rules. Declining needs a reason.

    Refused too (400, `detail` in the page's words; see the examples):
    - **a fund that awards by a random draw**: the draw decides every waiting application once
      applications close (`POST /funds/{slug}/draws`); awarding or declining one by hand would
      put someone in or take someone out of the draw;
    - **a member whose own application to the same fund is waiting**: the applications compete
      for the same money and places, so deciding a rival is deciding one's own case; they are
      left out of the fund's other applications until theirs is decided (as they are of their
      own application, and of an applicant they declared a conflict with);
    - **a committee member when the fund has a chair**: the chair decides; the others score."""
    _dashboard(request)
    application = _application(request, pk, "scholarships.decide")
    if body.decision == "award":
        scholarships.application_award(
            application=application, actor=_user(request), reason=body.reason
        )
    else:
        scholarships.application_decline(
            application=application, actor=_user(request), reason=body.reason
        )
    return scholarships.application_get(pk=pk)


@sponsor_router.post(
    "/funds/{slug}/draws",
    response={201: DrawOut},
    summary="Draw awards at random",
)
def draw(request: HttpRequest, slug: str, body: DrawIn):
    """Draws among the eligible waiting applications; the seed and list are returned and kept."""
    _dashboard(request)
    fund = _fund(request, slug, "scholarships.decide")
    made = scholarships.draw_run(fund=fund, actor=_user(request), places=body.places)
    return Status(201, scholarships.draw_get(pk=made.pk))


@sponsor_router.get("/draws/{pk}", response=DrawOut, summary="Get a draw")
def draw_detail(request: HttpRequest, pk: int):
    """A past draw with its seed, pool and winners; `reproduced` says whether running it again
    gives the same winners."""
    try:
        found = scholarships.draw_get(pk=pk)
    except Draw.DoesNotExist:
        raise Http404("No such draw.") from None
    scholarships.require(request.user, found, "scholarships.view_draw")
    return found
