"""Program staff's renewals through the API, as on the staff pages: the list (with the page's
filters), deciding an audited renewal, and reopening renewal of a lapsed certificate. Personal
access tokens need the "staff" scope; each checks the page's permission (403 otherwise).
"""

from datetime import date, datetime
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from certify.accounts.api import listed_name, references_attach
from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.programs import api as programs
from certify.renewals import api as renewals
from certify.renewals.models import Renewal
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.pagination import Pagination
from certify.rest.renewal_out import RENEWAL_EXAMPLE, RenewalFields
from certify.rest.schemas import InputSchema

staff_router = Router(auth=token_or_session("staff"))


def _staff(request: HttpRequest) -> User:
    if not request.user.has_perm("renewals.manage_renewals"):
        raise PermissionDenied
    return cast(User, request.user)


class StaffRenewalOut(RenewalFields):
    model_config = example(
        {
            **RENEWAL_EXAMPLE,
            "program": "lsscp",
            "certificate": "LSSCP-2021-000123",
            "holder_name": "Rosa Delgado",
            "assigned_to": None,
            "approval_refused_because": "",
            "refusal_fee_words": "",
        }
    )

    program: str = Field(description="The program's slug.")
    certificate: str
    holder_name: str
    assigned_to: str | None = Field(description="The staff member it is assigned to, if any.")
    approval_refused_because: str = Field(
        description="Why it cannot be approved now, in the words of the staff decision page "
        '(which offers no "Approve" then): its certificate was suspended or revoked since it '
        "was submitted, or its fee was paid after the certificate lapsed (reinstate it first), "
        "with what staff can do instead; `decision` with `approve` is refused (400) with the "
        "same words. Empty when it can be approved, or when it is not waiting for approval "
        "(its evidence not being checked)."
    )
    refusal_fee_words: str = Field(
        description="What refusing it does to the fee paid on it, in the words the staff "
        "decision page says beside the choices: nothing by itself (the fee stays paid and the "
        "holder's next renewal of the certificate uses it; staff refund it from the invoice "
        "if that is right); for a fee paid after the certificate lapsed, that it pays for "
        "nothing until the certificate is reinstated. Empty when nothing is paid on it or it "
        "cannot be refused (not with staff)."
    )

    @staticmethod
    def resolve_program(obj: Renewal) -> str:
        return obj.program.slug

    @staticmethod
    def resolve_certificate(obj: Renewal) -> str:
        return obj.certificate.number or ""

    @staticmethod
    def resolve_holder_name(obj: Renewal) -> str:
        return obj.certificate.holder_name

    @staticmethod
    def resolve_assigned_to(obj: Renewal) -> str | None:
        # As staff lists name people (ADR 0016): never "" nor the closure's placeholder.
        return listed_name(obj.assigned_to) if obj.assigned_to else None

    @staticmethod
    def resolve_approval_refused_because(obj: Renewal) -> str:
        return renewals.approval_refused_words(obj)

    @staticmethod
    def resolve_refusal_fee_words(obj: Renewal) -> str:
        return renewals.refusal_fee_words_listed(obj)


def _rows_read(rows: list[Renewal]) -> None:
    """A page's closed accounts' numbers (whom each renewal is assigned to), read in one query."""
    references_attach(row.assigned_to for row in rows)


@staff_router.get("", response=list[StaffRenewalOut], summary="List renewals (staff)")
@paginate(Pagination, read=_rows_read)
def staff_list(
    request: HttpRequest,
    status: Literal[
        "submitted", "in_audit", "more_evidence", "approved", "refused", "withdrawn", ""
    ] = "",
    audited: Literal["yes", "no", ""] = "",
    q: str = "",
    assigned: Literal["me", "none", ""] = "",
    program: str = Query(
        "", description="A program's slug: only its renewals (404 if unknown).", example="lsscp"
    ),
):
    """Renewals chosen at random for an evidence check first, then newest, as on the staff page,
    with its filters: `status`, `audited`, `q` (number, name or e-mail), `assigned` ("me" or
    "none") and `program`. Program staff only."""
    actor = _staff(request)
    if program:
        program = programs.program_get(slug=program, published_only=False).slug
    return renewals.renewal_staff_list(
        status=status, audited=audited, search=q, assigned=assigned, program=program, viewer=actor
    )


class RenewalDecisionIn(InputSchema):
    action: Literal["approve", "more_evidence", "refuse", ""] = Field(
        "", description="Approve, ask for more evidence, or refuse."
    )
    reason: str = Field(
        "",
        max_length=2000,
        description="Needed to ask for evidence or to refuse: the holder reads it.",
    )
    updated_at_seen: datetime | None = Field(
        None,
        description="The renewal's `updated_at` you read. When given and the renewal changed "
        "since (the holder sent it back, someone else decided), the decision is refused (400) "
        "and nothing changes: read it again.",
    )

    model_config = example(
        {"action": "more_evidence", "reason": "Attach the certificate for the March webinar."}
    )


@staff_router.post("/{renewal_id}/decision", response=StaffRenewalOut, summary="Decide a renewal")
def staff_decide(request: HttpRequest, renewal_id: int, payload: RenewalDecisionIn):
    """An audited renewal whose fee is paid: approve it (the new certificate is issued), ask
    the holder for more evidence, or refuse it. A move that does not fit the renewal's state
    (deciding it twice) is refused (400). The answer is the renewal as the staff list gives it
    (with `program`, `certificate`, `holder_name`, `assigned_to`,
    `approval_refused_because` and `refusal_fee_words`), read again after the decision."""
    actor = _staff(request)
    renewal = renewals.renewal_find(pk=renewal_id)
    if renewal is None:
        raise Http404
    renewals.renewal_decide(
        renewal=renewal,
        actor=actor,
        action=payload.action,
        reason=payload.reason,
        updated_at_seen=payload.updated_at_seen,
    )
    return renewals.renewal_find(pk=renewal_id)


class ReinstateIn(InputSchema):
    renew_by: date | None = Field(None, description="The last day the holder may apply.")
    reason: str = Field("", max_length=2000, description="Kept in the record; the holder reads it.")

    model_config = example(
        {"renew_by": "2027-03-31", "reason": "Hospital stay during the grace period."}
    )


class ReinstatedOut(Schema):
    certificate: str
    renew_by: date
    reason: str

    model_config = example(
        {
            "certificate": "LSSCP-2021-000123",
            "renew_by": "2027-03-31",
            "reason": "Hospital stay during the grace period.",
        }
    )

    @staticmethod
    def resolve_certificate(obj) -> str:
        return obj.certificate.number


@staff_router.post(
    "/lapsed/{certificate_id}/reinstate",
    response={201: ReinstatedOut},
    summary="Reopen renewal of a lapsed certificate",
)
def staff_reinstate(request: HttpRequest, certificate_id: int, payload: ReinstateIn):
    """The holder may apply to renew until `renew_by`; the certificate stays expired until it
    is renewed. Only a lapsed certificate (400 otherwise, so a repeated call changes nothing
    once its renewal is open again); nobody reopens their own."""
    actor = _staff(request)
    certificate = (
        Certificate.objects.select_related("program", "holder")
        .filter(pk=certificate_id, number__isnull=False)
        .first()
    )
    if certificate is None:
        raise Http404
    reinstatement = renewals.certificate_reinstate_lapsed(
        certificate=certificate, actor=actor, reason=payload.reason, renew_by=payload.renew_by
    )
    return Status(201, reinstatement)
