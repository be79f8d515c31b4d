"""Renewal: the holder's continuing-education log, their renewal status, and applying to renew.

Personal access tokens need the "renewals" scope; the site's session works too. Evidence files
are attached on the renewal page (`/renewal/`); the API records and lists the activities.
"""

from datetime import date
from decimal import Decimal
from typing import Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.core.errors import DomainError
from certify.programs import api as programs
from certify.renewals import api as renewals
from certify.renewals.models import CeActivity
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.pagination import Pagination
from certify.rest.renewal_out import RenewalOut
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("renewals"))


class SetRef(Schema):
    code: str
    name: str


ACTIVITY_EXAMPLE = {
    "title": "Cybersecurity for libraries",
    "provider": "WebJunction",
    "completed_on": "2026-03-12",
    "format": "hours",
    "amount": "4.00",
}
ACTIVITY_OUT_EXAMPLE = {
    "id": 7,
    "program": "lsscp",
    **ACTIVITY_EXAMPLE,
    "hours": "4.00",
    "competency_sets": [{"code": "TEC", "name": "Technology"}],
    "has_evidence": False,
    "counts": True,
    "not_counted_reason": "",
    "counted_toward": None,
}


class CountedTowardOut(Schema):
    renewal: int = Field(description="The renewal's id.")
    approved_on: date = Field(description="The day it was approved, in the program's time zone.")


class ActivityOut(Schema):
    model_config = example(ACTIVITY_OUT_EXAMPLE)

    id: int
    program: str = Field(description="The slug of the program whose renewal it is logged for.")
    title: str
    provider: str
    completed_on: date
    format: Literal["hours", "semester", "quarter", "conference"]
    amount: Decimal
    hours: Decimal = Field(description="The amount converted to contact hours.")
    competency_sets: list[SetRef]
    has_evidence: bool
    counts: bool = Field(
        description="Whether its hours count toward renewing your current certificate: tied to "
        "at least one of the program's competency sets and completed in the certification period."
    )
    not_counted_reason: str = Field(description="Why its hours do not count; empty when they do.")
    counted_toward: CountedTowardOut | None = Field(
        description="The approved renewal of an earlier certificate its hours counted toward (an "
        "activity counts toward one renewal only): `counts` is then false and "
        "`not_counted_reason` says so in the renewal page's words; null for the others."
    )

    @staticmethod
    def resolve_program(obj: CeActivity) -> str:
        return obj.program.slug

    @staticmethod
    def resolve_hours(obj: CeActivity) -> Decimal:
        return renewals.activity_hours(program=obj.program, format=obj.format, amount=obj.amount)

    @staticmethod
    def resolve_competency_sets(obj: CeActivity) -> list[dict[str, str]]:
        return [{"code": s.code, "name": s.name} for s in obj.competency_sets.all()]

    @staticmethod
    def resolve_has_evidence(obj: CeActivity) -> bool:
        return bool(obj.evidence)

    @staticmethod
    def resolve_counts(obj: CeActivity, context: dict[str, Any]) -> bool:
        return not _why_not(obj, context["request"])

    @staticmethod
    def resolve_not_counted_reason(obj: CeActivity, context: dict[str, Any]) -> str:
        return _why_not(obj, context["request"])

    @staticmethod
    def resolve_counted_toward(obj: CeActivity, context: dict[str, Any]) -> dict[str, Any] | None:
        period = _period(obj, context["request"])
        found = period.counted_before.get(obj.pk) if period is not None else None
        if found is None:
            return None
        return {"renewal": found.renewal_id, "approved_on": found.approved_on}


def _why_not(activity: CeActivity, request: HttpRequest) -> str:
    """The page's words for why the activity does not count."""
    return renewals.ce_activity_why_not(activity, period=_period(activity, request))


def _period(activity: CeActivity, request: HttpRequest) -> renewals.CePeriod | None:
    """The period of the holder's current certificate of the activity's program (read once per
    program and request)."""
    if not hasattr(request, "_ce_periods"):
        request._ce_periods = {}  # type: ignore[attr-defined]
    periods = request._ce_periods  # type: ignore[attr-defined]
    if activity.program_id not in periods:
        certificate = renewals.certificate_current_for(
            holder=_user(request), program=activity.program
        )
        periods[activity.program_id] = (
            renewals.ce_period(certificate=certificate) if certificate is not None else None
        )
    return periods[activity.program_id]


class ActivityIn(InputSchema):
    model_config = example({**ACTIVITY_EXAMPLE, "competency_sets": ["TEC"]})

    # Values left out, too long or out of range are refused by the service (400, `field`) in
    # the page's words: one validation for both doors.
    title: str = Field("", description="At most 200 characters")
    provider: str = Field("", description="At most 200 characters")
    completed_on: date | None = None
    format: Literal["hours", "semester", "quarter", "conference"] = "hours"
    amount: Decimal | None = Field(None, description="Greater than 0, up to 999, two decimals")
    competency_sets: list[str] = Field(
        default_factory=list, max_length=20, description="Codes of the sets, e.g. TEC."
    )


class ProgressOut(Schema):
    required_hours: Decimal
    required_technology_hours: Decimal
    hours: Decimal
    technology_hours: Decimal
    remaining_hours: Decimal
    remaining_technology_hours: Decimal
    met: bool
    period_start: date
    period_end: date
    not_counted_untied: int = Field(
        description="Activities in the period that count nowhere because they are tied to no "
        "competency set (each says so in `not_counted_reason`)."
    )
    not_counted_untied_hours: Decimal


class StatusOut(Schema):
    model_config = example(
        {
            "certificate": "LSSCP-2021-000123",
            "phase": "window",
            "phase_label": "Valid; renewal open",
            "expires_on": "2027-04-27",
            "window_opens_on": "2026-04-27",
            "grace_ends_on": "2027-06-27",
            "lapses_on": "2027-06-28",
            "can_apply": False,
            "progress": {
                "required_hours": "32",
                "required_technology_hours": "4",
                "hours": "23.00",
                "technology_hours": "2.00",
                "remaining_hours": "9.00",
                "remaining_technology_hours": "2.00",
                "met": False,
                "period_start": "2022-04-27",
                "period_end": "2027-06-27",
                "not_counted_untied": 1,
                "not_counted_untied_hours": "3.00",
            },
            "renewal": None,
        }
    )

    certificate: str | None = Field(description="The certificate in the renewal cycle, if any.")
    phase: Literal[
        "none", "pending", "valid", "window", "grace", "lapsed", "suspended", "revoked", "replaced"
    ]
    phase_label: str
    expires_on: date | None
    window_opens_on: date | None
    grace_ends_on: date | None
    lapses_on: date | None
    can_apply: bool
    progress: ProgressOut | None
    renewal: RenewalOut | None


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require_holder(request: HttpRequest) -> None:
    """Keeping a log and applying need a certificate in the renewal cycle."""
    if not request.user.has_perm("renewals.renew"):
        raise PermissionDenied


def _certificate(user: User, program: str) -> Certificate | None:
    """The holder's certificate in the renewal cycle: of the program whose slug is `program`
    (a holder may hold several programs' certificates; an unknown slug is a 404), else the
    newest."""
    chosen = programs.program_get(slug=program, published_only=False) if program else None
    return renewals.certificate_current_for(holder=user, program=chosen)


PROGRAM_QUERY = Query(
    "",
    description="The program's slug, for a holder of several programs' certificates; without "
    "it, the certificate that expires last. An unknown program answers 404.",
    example="lsscp",
)


ACTIVITY_PROGRAM_QUERY = Query(
    "",
    description="The program's slug: only the activities logged for its renewal; without it, "
    "every program's.",
    example="lsscp",
)


def _set_ids(user: User, codes: list[str], program: str = "") -> list[int]:
    certificate = _certificate(user, program)
    if certificate is None or not codes:
        return []
    found = dict(
        renewals.holder_sets(holder=user, program=certificate.program)
        .filter(code__in=codes)
        .values_list("code", "pk")
    )
    missing = sorted(set(codes) - set(found))
    if missing:
        raise DomainError(
            f"No competency set has the code {', '.join(missing)} in the "
            f"{certificate.program.short_name} program.",
            field="competency_sets",
        )
    return list(found.values())


@router.get("/status", response=StatusOut, summary="My renewal status and progress")
def status(request: HttpRequest, program: str = PROGRAM_QUERY):
    """Where your certificate is in its cycle (valid, renewal window, grace, lapsed), its dates,
    your continuing-education progress in its period, and your renewal application if any."""
    user = _user(request)
    certificate = _certificate(user, program)
    if certificate is None:
        return {
            "certificate": None,
            "phase": "none",
            "phase_label": "You hold no certificate to renew.",
            "expires_on": None,
            "window_opens_on": None,
            "grace_ends_on": None,
            "lapses_on": None,
            "can_apply": False,
            "progress": None,
            "renewal": None,
        }
    cycle = renewals.certificate_phase(certificate=certificate)
    if cycle is None:  # not issued yet: nothing to renew
        raise Http404
    renewal = renewals.renewal_live_for(certificate=certificate)
    progress = renewals.ce_progress(certificate=certificate, renewal=renewal)
    return {
        "certificate": certificate.number,
        "phase": cycle.phase.value,
        "phase_label": cycle.label,
        "expires_on": cycle.expires_on,
        "window_opens_on": cycle.window_opens_on,
        "grace_ends_on": cycle.grace_ends_on,
        "lapses_on": cycle.lapses_on,
        "can_apply": cycle.renewable and progress.met and renewal is None,
        "progress": {
            "required_hours": progress.required,
            "required_technology_hours": progress.required_technology,
            "hours": progress.total,
            "technology_hours": progress.technology,
            "remaining_hours": progress.remaining,
            "remaining_technology_hours": progress.remaining_technology,
            "met": progress.met,
            "period_start": progress.period_start,
            "period_end": progress.period_end,
            "not_counted_untied": progress.untied,
            "not_counted_untied_hours": progress.untied_hours,
        },
        "renewal": renewal,
    }


@router.get("/activities", response=list[ActivityOut], summary="List my CE activities")
@paginate(Pagination)
def activity_list(request: HttpRequest, program: str = ACTIVITY_PROGRAM_QUERY):
    """Newest first, with each activity's program and hours after conversion; whether it
    counts is judged by your current certificate of that program. Every program's activities,
    or one program's with `program` (an unknown slug is a 404)."""
    chosen = programs.program_get(slug=program, published_only=False) if program else None
    return renewals.ce_activity_list(holder=_user(request), program=chosen)


@router.post("/activities", response={201: ActivityOut}, summary="Record a CE activity")
def activity_create(request: HttpRequest, payload: ActivityIn, program: str = PROGRAM_QUERY):
    """Hours are computed from the unit: semester and quarter credits and conference days use
    the program's conversions. Only an activity tied to at least one of the program's competency
    sets counts: give their codes in `competency_sets` (one tied to none is kept, with
    `counts` false and the reason). Tie the set the program's minimum of technology hours is on
    (`renewal_technology_hours` of `GET /programs/{slug}`; e.g. a set coded `TEC`) for those
    hours."""
    user = _user(request)
    _require_holder(request)
    certificate = _certificate(user, program)
    activity = renewals.ce_activity_create(
        actor=user,
        title=payload.title,
        provider=payload.provider,
        completed_on=payload.completed_on,
        format=payload.format,
        amount=payload.amount,
        set_ids=_set_ids(user, payload.competency_sets, program),
        program=certificate.program if certificate is not None else None,
    )
    return Status(201, renewals.ce_activity_find(holder=user, pk=activity.pk))


def _own(request: HttpRequest, activity_id: int) -> CeActivity:
    activity = renewals.ce_activity_find(holder=_user(request), pk=activity_id)
    if activity is None:
        raise Http404
    return activity


@router.post(
    "/activities/{activity_id}/restore", response=ActivityOut, summary="Undo removing an activity"
)
def activity_restore(request: HttpRequest, activity_id: int):
    """Puts a removed activity back in your log, within the undo window (400 otherwise)."""
    _require_holder(request)
    user = _user(request)
    activity = renewals.ce_activity_restore(activity_id=activity_id, actor=user)
    return renewals.ce_activity_find(holder=user, pk=activity.pk)


@router.put("/activities/{activity_id}", response=ActivityOut, summary="Change a CE activity")
def activity_update(request: HttpRequest, activity_id: int, payload: ActivityIn):
    """Refused once the activity is part of a renewal being paid, checked or approved."""
    activity = _own(request, activity_id)
    user = _user(request)
    renewals.ce_activity_update(
        activity=activity,
        actor=user,
        title=payload.title,
        provider=payload.provider,
        completed_on=payload.completed_on,
        format=payload.format,
        amount=payload.amount,
        set_ids=_set_ids(user, payload.competency_sets, activity.program.slug),
    )
    return renewals.ce_activity_find(holder=user, pk=activity_id)


@router.delete("/activities/{activity_id}", response={204: None}, summary="Remove a CE activity")
def activity_delete(request: HttpRequest, activity_id: int):
    """Refused once the activity is part of a renewal being paid, checked or approved."""
    renewals.ce_activity_delete(activity=_own(request, activity_id), actor=_user(request))
    return Status(204, None)


@router.post("/submit", response={201: RenewalOut}, summary="Apply to renew my certificate")
def submit(request: HttpRequest, program: str = PROGRAM_QUERY):
    """Open in the renewal window and grace period once the CE requirement is met. The renewal
    fee is invoiced (pay it under /api/v1/payments); a share of renewals is chosen at random
    for a staff check of the evidence."""
    user = _user(request)
    _require_holder(request)
    certificate = _certificate(user, program)
    if certificate is None:
        raise DomainError("You hold no certificate to renew.")
    renewal = renewals.renewal_submit(certificate=certificate, actor=user)
    return Status(201, renewal)


@router.post(
    "/{renewal_id}/resubmit",
    response=RenewalOut,
    summary="Send my renewal back with the evidence asked for",
)
def resubmit(request: HttpRequest, renewal_id: int):
    """When program staff asked for more evidence: attach it to your activities, then send the
    renewal back to them. Only your own renewal (404 otherwise); refused (400) when it is not
    waiting for evidence, so a second call changes nothing."""
    if not request.user.has_perm("renewals.view_own"):
        raise PermissionDenied
    renewal = renewals.renewal_find(pk=renewal_id)
    if renewal is None or renewal.holder_id != request.user.pk:
        raise Http404
    renewals.renewal_resubmit(renewal=renewal, actor=_user(request))
    return renewals.renewal_find(pk=renewal_id)
