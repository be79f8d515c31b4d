"""The REST API for integrators: /api/v1/, schema at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from certify.core.errors import DomainError
from certify.rest.applications import router as applications_router
from certify.rest.applications import staff_router as staff_applications_router
from certify.rest.payments import router as payments_router
from certify.rest.payments import staff_router as payments_staff_router
from certify.rest.portfolios import review_router
from certify.rest.portfolios import router as portfolios_router
from certify.rest.programs import router as programs_router

api = NinjaAPI(
    title="Certify API",
    version="1",
    description=(
        "Programs, competency frameworks, courses, certificates and verification. "
        "Public read endpoints need no authentication."
    ),
    urls_namespace="api-1",
)
api.add_router("/programs", programs_router, tags=["Programs"])
api.add_router("/payments", payments_router, tags=["Payments"])
api.add_router("/staff/payments", payments_staff_router, tags=["Payments (staff)"])
api.add_router("/applications", applications_router, tags=["Applications"])
api.add_router("/staff/applications", staff_applications_router, tags=["Applications (staff)"])
api.add_router("/portfolios", portfolios_router, tags=["Portfolios"])
api.add_router("/reviews", review_router, tags=["Reviews"])


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A business rule refused the request: 400 with the reason in the user's words."""
    body: dict[str, object] = {"detail": error.message}
    if error.field:
        body["field"] = error.field
    problems = getattr(error, "problems", None)
    if problems:
        body["problems"] = problems
    return api.create_response(request, body, status=400)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    detail = "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "You are not allowed to do this."}, status=403)
