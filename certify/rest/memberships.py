"""Memberships: the candidate records them; program staff or the organization's sponsor confirm
(e.g. ALA's and SSD's in the default program)."""

from datetime import date, datetime
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from certify.accounts.api import closure_erased, listed_name, references_attach
from certify.accounts.models import Role, User
from certify.core.errors import DomainError
from certify.core.hidden import require_or_hide
from certify.memberships import api as memberships
from certify.memberships.models import Membership
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema

# Recording a membership belongs to applying (the application asks for it), so the same scope.
router = Router(auth=token_or_session("applications"))
staff_router = Router(auth=token_or_session("staff"))
sponsor_router = Router(auth=token_or_session("scholarships"))

MEMBERSHIP_EXAMPLE = {
    "id": 7,
    "organisation": "ALA",
    "member_number": "123456",
    "expires_on": "2027-06-30",
    "status": "pending",
    "reason": "",
    "confirmed_at": None,
}


class MembershipIn(InputSchema):
    """Left-out values are refused by the service with the page's words (400, `field`)."""

    organisation: str = Field("", description="The organization's code, e.g. ALA or SSD")
    member_number: str = Field("", max_length=50)
    expires_on: date | None = Field(None, description="The last day of the membership")

    model_config = example(
        {"organisation": "ALA", "member_number": "123456", "expires_on": "2027-06-30"}
    )


class MembershipOut(Schema):
    id: int
    organisation: str
    member_number: str
    expires_on: date
    status: str = Field(description="pending, confirmed or rejected")
    reason: str
    confirmed_at: datetime | None

    model_config = example(MEMBERSHIP_EXAMPLE)

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code


class MembershipQueueOut(MembershipOut):
    person_name: str
    person_email: str
    invoice_outcome: str = Field(
        description="What the decision did to the member's enrollment invoice: "
        "reissued_member_price, difference_to_refund, reissued_full_price, difference_invoiced, "
        "staff_told, nothing_to_change or no_invoice (the queue page's Invoice column)"
    )
    invoice_words: str = Field(description="The same, in the queue page's words")

    model_config = example(
        {
            **MEMBERSHIP_EXAMPLE,
            "status": "confirmed",
            "confirmed_at": "2026-12-01T15:04:00Z",
            "person_name": "Dana O'Neil",
            "person_email": "dana.oneil@example.org",
            "invoice_outcome": "reissued_member_price",
            "invoice_words": "Reissued at the member price: invoice LSSCP-000002 ($325.00) "
            "replaces LSSCP-000001.",
        }
    )

    @staticmethod
    def resolve_person_name(obj) -> str:
        return listed_name(obj.user)  # a closed account by its number, never "" (ADR 0016)

    @staticmethod
    def resolve_person_email(obj) -> str:
        return "" if closure_erased(obj.user) else obj.user.email  # never the placeholder

    @staticmethod
    def resolve_invoice_outcome(obj) -> str:
        return obj.invoice_outcome.code

    @staticmethod
    def resolve_invoice_words(obj) -> str:
        return obj.invoice_outcome.words


QUEUE_STATUS = Query(
    "pending",
    description="pending (the default, as on the queue page), confirmed, rejected, or all",
    example="all",
)


class MembershipDecisionIn(InputSchema):
    decision: Literal["confirm", "reject"]
    reason: str = Field("", description="Needed when not confirming; the member reads it.")
    member_number_seen: str | None = Field(
        None,
        description="Optional: the member number you checked. If the member changed it (or "
        "the date) since, the decision is refused (400), as on the queue page.",
    )
    expires_on_seen: date | None = Field(None, description="Optional: the date you checked.")

    model_config = example(
        {
            "decision": "reject",
            "reason": "No such member number.",
            "member_number_seen": "123456",
            "expires_on_seen": "2027-06-30",
        }
    )


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@router.get("/mine", response=list[MembershipOut], summary="List my memberships")
def mine(request: HttpRequest):
    """Your recorded memberships and whether they are confirmed."""
    if not request.user.has_perm("memberships.record_membership"):
        raise PermissionDenied
    return list(memberships.membership_list(user=_user(request)))


@router.post("", response={201: MembershipOut}, summary="Record or change my membership")
def record(request: HttpRequest, payload: MembershipIn):
    """One membership per organization: sending it again with a new number or date changes it,
    and it waits for confirmation again."""
    if not request.user.has_perm("memberships.record_membership"):
        raise PermissionDenied
    organisation = memberships.organisation_find(code=payload.organisation)
    if organisation is None:
        raise DomainError("Choose the organization you are a member of.", field="organisation")
    membership = memberships.membership_record(
        user=_user(request),
        organisation=organisation,
        member_number=payload.member_number,
        expires_on=payload.expires_on,
        actor=request.user,
    )
    return Status(201, memberships.membership_find(pk=membership.pk))


def _decide(request: HttpRequest, membership_id: int, payload: MembershipDecisionIn) -> Membership:
    membership = memberships.membership_find(pk=membership_id)
    if membership is None or not request.user.has_perm("memberships.view_queue"):
        raise Http404
    # Another organization's member's membership answers as an unknown id (docs/security.md).
    require_or_hide(
        request.user, membership, "memberships.decide_membership", known_by="memberships.know_of"
    )
    number, expires = payload.member_number_seen, payload.expires_on_seen
    if payload.decision == "confirm":
        memberships.membership_confirm(
            membership=membership, actor=_user(request), number_seen=number, expires_seen=expires
        )
    else:
        memberships.membership_reject(
            membership=membership,
            actor=_user(request),
            reason=payload.reason,
            number_seen=number,
            expires_seen=expires,
        )
    return memberships.membership_find(pk=membership_id) or membership


def _queue_read(rows: list[Membership]) -> None:
    """A page's invoice outcomes and its closed accounts' numbers, each read once."""
    memberships.invoice_outcomes_attach(rows)
    references_attach(row.user for row in rows)


def _queue(request: HttpRequest, status: str, checked_by: str = "") -> QuerySet[Membership]:
    """The queue page's rows: `status` pending, confirmed, rejected or all (anything else reads
    as pending, as on the page)."""
    if status not in Membership.Status.values and status != "all":
        status = Membership.Status.PENDING
    wanted = "" if status == "all" else status
    return memberships.membership_queue(user=_user(request), status=wanted, checked_by=checked_by)


@staff_router.get(
    "", response=list[MembershipQueueOut], summary="List memberships to confirm (staff)"
)
@paginate(Pagination, read=_queue_read)
def staff_queue(request: HttpRequest, status: str = QUEUE_STATUS):
    """The confirmation queue of the organizations you confirm for, oldest first, each with
    what its decision did to the member's enrollment invoice (`invoice_outcome`). An unknown
    `status` reads as pending, as on the page."""
    if not request.user.has_perm("memberships.view_queue"):
        raise PermissionDenied
    return _queue(request, status)


@sponsor_router.get(
    "", response=list[MembershipQueueOut], summary="List memberships to confirm (sponsor)"
)
@paginate(Pagination, read=_queue_read)
def sponsor_queue(request: HttpRequest, status: str = QUEUE_STATUS):
    """The confirmation queue of the organization linked to a sponsor you help run (e.g. SSD),
    as on the queue page, oldest first, each with what its decision did to the member's
    enrollment invoice. The sponsor role only (program staff list theirs at
    `GET /staff/memberships`); someone who no longer runs such a sponsor gets an empty list. An
    unknown `status` reads as pending, as on the page."""
    if not request.user.has_perm("memberships.view_queue") or not _user(request).has_role(
        Role.SPONSOR
    ):
        raise PermissionDenied
    return _queue(request, status, checked_by=memberships.SPONSOR_CHECKED)


@staff_router.post(
    "/{membership_id}/decision", response=MembershipOut, summary="Confirm a membership (staff)"
)
def staff_decide(request: HttpRequest, membership_id: int, payload: MembershipDecisionIn):
    """Memberships of the organizations program staff check (e.g. ALA for the default
    program; a sponsor checks its own): confirm, or say why not."""
    return _decide(request, membership_id, payload)


@sponsor_router.post(
    "/{membership_id}/decision", response=MembershipOut, summary="Confirm a membership (sponsor)"
)
def sponsor_decide(request: HttpRequest, membership_id: int, payload: MembershipDecisionIn):
    """Memberships of the organization linked to your sponsor (e.g. SSD): confirm, or say why
    not."""
    return _decide(request, membership_id, payload)
