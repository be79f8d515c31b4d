"""Webhooks: register endpoints, choose events, rotate secrets, read the delivery log and send a
message again; holders share a certificate's status with an employer. The same people as the
pages: program staff for the program, a provider's people for it, a sponsor's administrators for
it, anyone for their own employer endpoints (docs/integration.md, "Webhooks")."""

from datetime import datetime
from typing import cast

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.rest.auth import token_or_session
from certify.rest.openapi import example
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema
from certify.webhooks import api as webhooks

router = Router(auth=token_or_session("webhooks"))

URL = "https://hr.example.org/certify"
ENDPOINT = {
    "id": 4,
    "scope": "program",
    "url": URL,
    "description": "HR system",
    "event_types": ["certificate.revoked"],
    "created_at": "2026-12-03T16:00:00Z",
    "disabled_at": None,
    "not_sending": None,
}
ATTEMPT = {
    "started_at": "2026-12-03T16:20:00Z",
    "duration_ms": 84,
    "response_code": 200,
    "response_body": "ok",
    "error": "",
}


class EventTypeOut(Schema):
    name: str
    label: str
    scopes: list[str]

    model_config = example(
        {
            "name": "certificate.revoked",
            "label": "Certificate revoked",
            "scopes": ["employer", "program"],
        }
    )


class EndpointIn(InputSchema):
    url: str = Field(description="An https:// address on the public internet.")
    event_types: list[str] = Field(description="Names from GET /webhooks/event-types.")
    description: str = ""

    model_config = example(
        {"url": URL, "event_types": ["certificate.revoked"], "description": "HR system"}
    )


class EndpointCreateIn(EndpointIn):
    owner: str = Field(
        description='Whose events: "program:<id>", "provider:<id>", "sponsor:<id>" or '
        '"employer:<your user id>" (GET /webhooks/owners lists yours).'
    )

    model_config = example(
        {
            "owner": "program:1",
            "url": URL,
            "event_types": ["certificate.revoked"],
            "description": "",
        }
    )


class OwnerOut(Schema):
    owner: str
    label: str

    model_config = example({"owner": "program:1", "label": "LSSCP (program staff)"})


class EndpointOut(Schema):
    id: int
    scope: str
    url: str
    description: str
    event_types: list[str]
    created_at: datetime
    disabled_at: datetime | None
    not_sending: str | None = Field(
        description="Why nothing is sent to it although it is enabled, with what to do, or "
        "null: whoever set it up (or last saved it) no longer acts for its owner (saving it as "
        "yours sends again); their role needs two-factor authentication and it is off (it sends "
        "again once it is on); or they saved it with a password alone and turned two-factor "
        "authentication on since (saving it again sends again), as their API tokens and keys.",
        json_schema_extra={"example": webhooks.MAKER_GONE},
    )

    model_config = example(ENDPOINT)

    @staticmethod
    def resolve_not_sending(obj: object, context: dict | None = None) -> str | None:
        request = (context or {}).get("request")
        # The seats of every maker of the caller's endpoints, read once an answer (a few
        # queries, however many makers a list names).
        memo = getattr(request, "webhook_makers", None)
        if request is not None and memo is None:
            memo = webhooks.makers_of(request.user)
            request.webhook_makers = memo  # type: ignore[attr-defined]
        viewer = getattr(request, "user", None)  # its maker reads it said to them, as on the page
        return webhooks.not_sending(obj, memo, viewer=viewer)  # type: ignore[arg-type]


class EndpointSecretOut(Schema):
    endpoint: EndpointOut
    secret: str = Field(description="The signing secret (whsec_…): shown only in this answer.")

    model_config = example(
        {"endpoint": ENDPOINT, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
    )


class AttemptOut(Schema):
    started_at: datetime
    duration_ms: int
    response_code: int | None
    response_body: str
    error: str

    model_config = example(ATTEMPT)


class DeliveryOut(Schema):
    id: int
    message_id: str
    event_type: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    payload: dict
    tries: list[AttemptOut]

    model_config = example(
        {
            "id": 7,
            "message_id": "msg_3f0c9a1e5b7d4c2a8e6f1b3d5a7c9e0f",
            "event_type": "certificate.revoked",
            "status": "delivered",
            "attempts": 2,
            "created_at": "2026-12-03T16:20:00Z",
            "next_attempt_at": None,
            "delivered_at": "2026-12-03T16:21:00Z",
            "payload": {"type": "certificate.revoked", "data": {"certificate_number": "X"}},
            "tries": [ATTEMPT],
        }
    )

    @staticmethod
    def resolve_tries(obj: object) -> list:
        return list(obj.tries.all())  # type: ignore[attr-defined]


class ShareIn(InputSchema):
    certificate_number: str
    email: str

    model_config = example(
        {"certificate_number": "LSSCP-2026-7K3Q9M2X", "email": "hr@employer.example"}
    )


class ShareOut(Schema):
    id: int
    certificate_number: str
    email: str
    created_at: datetime
    withdrawn_at: datetime | None

    model_config = example(
        {
            "id": 3,
            "certificate_number": "LSSCP-2026-7K3Q9M2X",
            "email": "hr@employer.example",
            "created_at": "2026-12-03T16:20:00Z",
            "withdrawn_at": None,
        }
    )

    @staticmethod
    def resolve_certificate_number(obj: object) -> str:
        return obj.certificate.number  # type: ignore[attr-defined]


class SharedWithYouOut(Schema):
    certificate_number: str
    holder_name: str = Field(description="The holder's name as the certificate shows it.")
    status: str = Field(description="As the verification page says it: Valid, Lapsed, …")
    explanation: str = Field(description="What the status means for you, and what to do.")
    valid: bool
    verification_url: str
    shared_at: datetime

    model_config = example(
        {
            "certificate_number": "LSSCP-2026-7K3Q9M2X",
            "holder_name": "Rosa Bianchi",
            "status": "Suspended",
            "explanation": "Suspended: not valid while the program looks into it. It may be "
            "reinstated; ask Rosa Bianchi or look again later.",
            "valid": False,
            "verification_url": "https://certify.example.org/verify/LSSCP-2026-7K3Q9M2X/",
            "shared_at": "2026-12-03T16:20:00Z",
        }
    )


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _endpoint(request: HttpRequest, endpoint_id: int):
    endpoint = webhooks.endpoint_find(user=request.user, pk=endpoint_id)
    if endpoint is None:
        raise Http404
    return endpoint


@router.get("/event-types", response=list[EventTypeOut], summary="List the event types")
def event_types(request: HttpRequest):
    """Every event an endpoint may choose, and which owners may choose it."""
    return [
        {"name": t.name, "label": t.label, "scopes": sorted(t.scopes)}
        for t in webhooks.TYPES.values()
    ]


@router.get("/owners", response=list[OwnerOut], summary="List whom you may register endpoints for")
def owners(request: HttpRequest):
    """The `owner` values you may register endpoints for (staff: programs; a provider's or
    sponsor's people: theirs; everyone: their own employer endpoints)."""
    return [{"owner": o.key, "label": o.label} for o in webhooks.owners_for(_user(request))]


@router.get("/endpoints", response=list[EndpointOut], summary="List your endpoints")
@paginate(Pagination)
def endpoint_list(request: HttpRequest):
    """The endpoints you manage, newest first (secrets are never listed)."""
    return webhooks.endpoint_list(user=request.user)


@router.post("/endpoints", response={201: EndpointSecretOut}, summary="Register an endpoint")
def endpoint_create(request: HttpRequest, payload: EndpointCreateIn):
    """The address is checked now (outside addresses only) and again before every message.
    The answer carries the signing secret once."""
    made = webhooks.endpoint_create(actor=_user(request), **payload.model_dump())
    return Status(201, {"endpoint": made.endpoint, "secret": made.secret})


@router.get("/endpoints/{endpoint_id}", response=EndpointOut, summary="Get an endpoint")
def endpoint_detail(request: HttpRequest, endpoint_id: int):
    """One endpoint you manage."""
    return _endpoint(request, endpoint_id)


@router.put("/endpoints/{endpoint_id}", response=EndpointOut, summary="Change an endpoint")
def endpoint_update(request: HttpRequest, endpoint_id: int, payload: EndpointIn):
    """Change the address (checked again) or the events."""
    return webhooks.endpoint_update(
        endpoint=_endpoint(request, endpoint_id), actor=_user(request), **payload.model_dump()
    )


@router.post(
    "/endpoints/{endpoint_id}/rotate",
    response=EndpointSecretOut,
    summary="Make a new signing secret",
)
def endpoint_rotate(request: HttpRequest, endpoint_id: int):
    """The old secret keeps signing beside the new one for 24 hours."""
    made = webhooks.secret_rotate(endpoint=_endpoint(request, endpoint_id), actor=_user(request))
    return {"endpoint": made.endpoint, "secret": made.secret}


@router.post("/endpoints/{endpoint_id}/disable", response=EndpointOut, summary="Disable")
def endpoint_disable(request: HttpRequest, endpoint_id: int):
    """No more messages go to it; its log stays."""
    return webhooks.endpoint_disable(endpoint=_endpoint(request, endpoint_id), actor=_user(request))


@router.post("/endpoints/{endpoint_id}/enable", response=EndpointOut, summary="Enable")
def endpoint_enable(request: HttpRequest, endpoint_id: int):
    """Messages go to it again (the address is checked again)."""
    return webhooks.endpoint_enable(endpoint=_endpoint(request, endpoint_id), actor=_user(request))


@router.get(
    "/endpoints/{endpoint_id}/deliveries",
    response=list[DeliveryOut],
    summary="List an endpoint's messages and attempts",
)
@paginate(Pagination)
def delivery_list(request: HttpRequest, endpoint_id: int):
    """The latest 50 messages, newest first, each with its attempts (code, time, body)."""
    return webhooks.delivery_list(endpoint=_endpoint(request, endpoint_id))


@router.post(
    "/endpoints/{endpoint_id}/deliveries/{delivery_id}/resend",
    response=DeliveryOut,
    summary="Send a message again",
)
def delivery_resend(request: HttpRequest, endpoint_id: int, delivery_id: int):
    """The same message with the same `webhook-id`, now."""
    found = webhooks.delivery_find(endpoint=_endpoint(request, endpoint_id), pk=delivery_id)
    if found is None:
        raise Http404
    return webhooks.delivery_resend(delivery=found, actor=_user(request))


@router.get("/shares", response=list[ShareOut], summary="List your certificate shares")
def share_list(request: HttpRequest):
    """The certificates you share with employers' accounts now."""
    return list(webhooks.share_list(user=request.user).filter(withdrawn_at__isnull=True))


@router.get(
    "/shared-with-you",
    response=list[SharedWithYouOut],
    summary="List the certificates shared with you",
)
def shared_with_you(request: HttpRequest):
    """For employers: the certificates whose holders let your account follow them (shared with
    an address your account confirmed), newest share first, each with its status today in the
    words of the page `/webhooks/shared-with-you/`."""
    rows = []
    for share in webhooks.shared_with_listed(user=request.user):
        certificate, said = share.certificate, webhooks.standing(share.certificate)
        rows.append(
            {
                "certificate_number": certificate.number,
                "holder_name": certificate.holder_name or certificate.holder.full_name,
                "status": said.word,
                "explanation": said.sentence,
                "valid": said.valid,
                "verification_url": certificate.verification_url,
                "shared_at": share.created_at,
            }
        )
    return rows


@router.post("/shares", response={201: ShareOut}, summary="Share a certificate's status")
def share_create(request: HttpRequest, payload: ShareIn):
    """Let the account with `email` follow your certificate's status by webhook."""
    found = webhooks.certificates_of(user=request.user).filter(number=payload.certificate_number)
    certificate = found.first()
    if certificate is None:
        raise DomainError("You hold no certificate with this number.", field="certificate_number")
    try:
        share = webhooks.share_create(
            certificate=certificate, email=payload.email, actor=_user(request)
        )
    except DomainError as error:  # the page's field is the certificate, the API's its number
        if error.field != "certificate":
            raise
        raise DomainError(error.message, field="certificate_number") from None
    return Status(201, share)


@router.post("/shares/{share_id}/withdraw", response=ShareOut, summary="Stop sharing")
def share_withdraw(request: HttpRequest, share_id: int):
    """The employer no longer hears about this certificate."""
    share = webhooks.share_find(user=request.user, pk=share_id)
    if share is None:
        raise Http404
    return webhooks.share_withdraw(share=share, actor=_user(request))
