"""The REST API for integrators: /api/v1/, schema at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

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
