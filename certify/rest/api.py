"""The REST API for integrators: /api/v1/, schema at /api/v1/openapi.json, docs at /api/v1/docs."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid

from certify.certificates import api as certificates
from certify.core.errors import DomainError
from certify.core.field_words import plain_words
from certify.core.ratelimit import too_many_words
from certify.core.storage import UploadNotStoredError
from certify.rest import application_rules as _rules  # noqa: F401  (on the staff applications one)
from certify.rest import awards as _awards  # noqa: F401  (registers on the scholarships router)
from certify.rest import casework as _casework  # noqa: F401  (notes and assignment, on the staff router)
from certify.rest import certificate_choices as _choices  # noqa: F401  (on the certificates ones)
from certify.rest import committee as _committee  # noqa: F401  (on the sponsor's scholarships one)
from certify.rest import funds as _funds  # noqa: F401  (on the sponsor's scholarships one)
from certify.rest import invoice_changes as _invoice_changes  # noqa: F401  (on the payments ones)
from certify.rest import portfolio_evidence as _evidence  # noqa: F401  (on the portfolios one)
from certify.rest import sponsor_members as _members  # noqa: F401  (on the sponsor's scholarships one)
from certify.rest.account import conflicts_router as account_conflicts_router
from certify.rest.account import router as account_router
from certify.rest.appeals import router as appeals_router
from certify.rest.appeals import staff_router as appeals_staff_router
from certify.rest.applications import router as applications_router
from certify.rest.applications import staff_router as staff_applications_router
from certify.rest.body import BodyUnreadableError, JsonObjectParser
from certify.rest.certificates import router as certificates_router
from certify.rest.certificates import staff_router as certificates_staff_router
from certify.rest.courses import candidate_router as courses_candidate_router
from certify.rest.courses import provider_router as courses_provider_router
from certify.rest.courses import router as courses_router
from certify.rest.courses import staff_router as courses_staff_router
from certify.rest.frameworks import router as frameworks_router
from certify.rest.memberships import router as memberships_router
from certify.rest.memberships import sponsor_router as memberships_sponsor_router
from certify.rest.memberships import staff_router as memberships_staff_router
from certify.rest.notifications import router as notifications_router
from certify.rest.notifications import staff_router as outbox_staff_router
from certify.rest.openapi import CertifyAPI, MethodNotAllowedError
from certify.rest.payments import router as payments_router
from certify.rest.payments import staff_router as payments_staff_router
from certify.rest.people import router as people_router
from certify.rest.portfolio_staff import staff_router as portfolios_staff_router
from certify.rest.portfolios import review_router
from certify.rest.portfolios import router as portfolios_router
from certify.rest.program_setup import router as program_setup_router
from certify.rest.programs import router as programs_router
from certify.rest.progress import router as progress_router
from certify.rest.register import router as register_router
from certify.rest.renewals import router as renewals_router
from certify.rest.renewals_staff import staff_router as renewals_staff_router
from certify.rest.scholarships import router as scholarships_router
from certify.rest.scholarships import sponsor_router as scholarships_sponsor_router
from certify.rest.throttling import TokenRateThrottle
from certify.rest.webhooks import router as webhooks_router

api = CertifyAPI(
    title="API",  # after the site's name (`SITE_NAME`): "Certify API"
    version="1",
    description=(
        "Programs, competency frameworks, courses, certificates and verification. "
        "Public read endpoints need no authentication and are rate-limited per address; the "
        "rest take a personal access token (`Authorization: Bearer cert_…`, with the scope "
        "shown on each operation), a provider API key (`cpk_…`) or the site's session, and "
        "are rate-limited per account or key. Every failure is an RFC 9457 problem document. "
        "Guide: docs/integration.md."
    ),
    urls_namespace="api-1",
    throttle=[TokenRateThrottle()],
    parser=JsonObjectParser(),
)
api.add_router("/programs", programs_router, tags=["Programs"])
api.add_router("/staff/programs", program_setup_router, tags=["Programs (staff)"])
api.add_router("/payments", payments_router, tags=["Payments"])
api.add_router("/staff/payments", payments_staff_router, tags=["Payments (staff)"])
api.add_router("/scholarships", scholarships_router, tags=["Scholarships"])
api.add_router(
    "/sponsor/scholarships", scholarships_sponsor_router, tags=["Scholarships (sponsor)"]
)
api.add_router("/applications", applications_router, tags=["Applications"])
api.add_router("/staff/applications", staff_applications_router, tags=["Applications (staff)"])
api.add_router("/portfolios", portfolios_router, tags=["Portfolios"])
api.add_router("/reviews", review_router, tags=["Reviews"])
api.add_router("/staff/portfolios", portfolios_staff_router, tags=["Portfolios (staff)"])
api.add_router("/certificates", certificates_router, tags=["Certificates and verification"])
api.add_router("/register", register_router, tags=["Certificates and verification"])
api.add_router("/staff/certificates", certificates_staff_router, tags=["Certificates (staff)"])
api.add_router("/renewals", renewals_router, tags=["Renewal and continuing education"])
api.add_router("/staff/renewals", renewals_staff_router, tags=["Renewals (staff)"])
api.add_router("/appeals", appeals_router, tags=["Appeals"])
api.add_router("/staff/appeals", appeals_staff_router, tags=["Appeals (staff)"])
api.add_router("/courses", courses_router, tags=["Courses (catalog)"])
api.add_router("/providers", courses_provider_router, tags=["Courses (providers)"])
api.add_router("/plan/courses", courses_candidate_router, tags=["Courses (candidates)"])
api.add_router("/staff/courses", courses_staff_router, tags=["Courses (staff)"])
api.add_router("/webhooks", webhooks_router, tags=["Webhooks"])
api.add_router("/plan", progress_router, tags=["Plan"])
api.add_router("/memberships", memberships_router, tags=["Memberships"])
api.add_router("/staff/memberships", memberships_staff_router, tags=["Memberships (staff)"])
api.add_router("/sponsor/memberships", memberships_sponsor_router, tags=["Memberships (sponsor)"])
api.add_router("/staff/people", people_router, tags=["People (staff)"])
api.add_router("/account", account_router, tags=["Your account"])
api.add_router("/account/conflicts", account_conflicts_router, tags=["Conflicts of interest"])
api.add_router("/notifications", notifications_router, tags=["Notifications"])
api.add_router("/staff/outbox", outbox_staff_router, tags=["E-mail outbox (staff)"])
api.add_router("/staff/programs", frameworks_router, tags=["Competency framework versions (staff)"])


logger = logging.getLogger(__name__)


def problem(
    request: HttpRequest, *, status: int, title: str, detail: str, kind: str = "", **extra: object
) -> HttpResponse:
    """Every failure in one format: RFC 9457 problem details (application/problem+json)."""
    body: dict[str, object] = {
        "type": f"/api/v1/problems/{kind}" if kind else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A business rule refused the request: 400 with the reason in the user's words."""
    extra: dict[str, object] = {}
    if error.field:
        extra["field"] = error.field
    problems = getattr(error, "problems", None)
    if problems:
        extra["problems"] = problems
    fields = getattr(error, "fields", None)  # what is wrong with each input, when known
    if fields:
        extra["fields"] = fields
    extra.update(getattr(error, "problem_extra", {}))  # a machine's code beside the words
    return problem(
        request,
        status=400,
        title="The request breaks a rule",
        detail=getattr(error, "detail", error.message),
        kind="rule",
        **extra,
    )


@api.exception_handler(certificates.CredentialRefusedError)
def credential_refused(
    request: HttpRequest, error: certificates.CredentialRefusedError
) -> HttpResponse:
    """A credential over a limit (ADR 0027): what was too big, and the limit, in `detail`."""
    extra: dict[str, object] = {"limit": error.limit} if error.limit is not None else {}
    return problem(
        request,
        status=error.http_status,
        title=error.title,
        detail=error.message,
        kind=error.kind,
        **extra,
    )


@api.exception_handler(ValidationError)
def model_invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    detail = "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in errors.items())
    return problem(
        request,
        status=400,
        title="Some values are not valid",
        detail=detail,
        kind="invalid",
        errors=[{"field": k, "message": " ".join(v)} for k, v in errors.items()],
    )


@api.exception_handler(RequestInvalid)
def request_invalid(request: HttpRequest, error: RequestInvalid) -> HttpResponse:
    """The request does not match the schema: name each field and say what to send instead, in
    the site's words rather than pydantic's (`field_words`, ADR 0043)."""
    errors = []
    for err in error.errors:
        loc = [
            str(part)
            for part in err.get("loc", [])
            if part not in ("body", "payload", "query", "path", "form")
        ]
        errors.append({"field": ".".join(loc) or "request", "message": plain_words(err)})
    return _not_valid(request, errors)


def _not_valid(request: HttpRequest, errors: list[dict[str, str]]) -> HttpResponse:
    """The 422 of input the schema cannot read, `errors` naming each field."""
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(
        request,
        status=422,
        title="The request is not valid",
        detail=detail,
        kind="validation",
        errors=errors,
    )


@api.exception_handler(BodyUnreadableError)  # form fields of another type (`JsonObjectParser`)
def body_unreadable(request: HttpRequest, error: BodyUnreadableError) -> HttpResponse:
    return _not_valid(request, [{"field": "request", "message": error.message}])


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return problem(
        request,
        status=403,
        title="Forbidden",
        detail="You are not allowed to do this.",
        kind="forbidden",
    )


@api.exception_handler(Http404)
@api.exception_handler(OverflowError)  # an id too large for the database cannot exist
def not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return problem(
        request,
        status=404,
        title="Not found",
        detail="There is nothing here, or it is not visible to you.",
        kind="not-found",
    )


@api.exception_handler(MethodNotAllowedError)
def method_not_allowed(request: HttpRequest, error: MethodNotAllowedError) -> HttpResponse:
    """A method the address does not serve: 405, the methods it serves in `Allow` (RFC 9110)."""
    allowed = ", ".join(error.allowed)
    response = problem(
        request,
        status=405,
        title="Method not allowed",
        detail=f"This address does not take {request.method}; it takes {allowed}.",
        kind="method-not-allowed",
    )
    response["Allow"] = allowed
    return response


@api.exception_handler(DataError)
def data_error(request: HttpRequest, error: DataError) -> HttpResponse:
    """PostgreSQL refused a value (e.g. an id beyond its integer range): the client's fault."""
    if "out of range" in str(error):
        return not_found(request, error)
    return problem(
        request,
        status=400,
        title="Some values are not valid",
        detail="A value is too long or out of range.",
        kind="invalid",
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if isinstance(error.__cause__, BodyUnreadableError):  # ninja's 400 for a body it cannot read
        return _not_valid(request, [{"field": "request", "message": error.__cause__.message}])
    titles = {
        401: "Not signed in",
        403: "Forbidden",
        405: "Method not allowed",
        410: "No longer open",
        429: "Too many requests",
    }
    detail = error.message
    wait = getattr(error, "wait", None)
    if error.status_code == 401 and detail == "Unauthorized":
        detail = "Sign in, or send a personal access token: Authorization: Bearer cert_…"
    if error.status_code == 429 and wait:  # the same words as the 429 page
        detail = too_many_words(wait)
    response = problem(
        request,
        status=error.status_code,
        title=titles.get(error.status_code, "Request refused"),
        detail=detail,
        kind=getattr(error, "kind", ""),  # e.g. a token refused for want of 2FA (rest/auth.py)
    )
    if wait:
        response["Retry-After"] = str(int(wait) + 1)
    return response


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """The database does not answer (e.g. the primary is being restarted or failed over): 503
    with Retry-After, so clients try again; nothing of the request was committed."""
    logger.warning("Database unavailable at %s: %s", request.path, error)
    response = problem(
        request,
        status=503,
        title="Temporarily unavailable",
        detail="The database does not answer, so nothing you sent was saved. "
        "Please try again in a minute.",
        kind="unavailable",
    )
    response["Retry-After"] = "30"
    return response


@api.exception_handler(UploadNotStoredError)
def upload_not_stored(request: HttpRequest, error: UploadNotStoredError) -> HttpResponse:
    """Storage could not take the file (e.g. the disk is full): 503 with Retry-After, since
    sending the same file later may work; nothing of the request was kept."""
    response = problem(
        request,
        status=503,
        title="Temporarily unavailable",
        detail=error.message,
        kind="unavailable",
        field=error.field,
    )
    response["Retry-After"] = "300"
    return response


@api.exception_handler(Exception)
def server_error(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("API error at %s", request.path)
    return problem(
        request,
        status=500,
        title="Something went wrong on our side",
        detail="Nothing you sent was saved. Please try again; if it persists, tell us.",
        kind="server-error",
    )
