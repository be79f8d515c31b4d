"""The API contract, fuzzed: schemathesis generates requests for every operation in the schema.

For every operation, anonymous requests (generated from the schema, valid and invalid) must never
cause a server error; operations that need a sign-in must refuse them (401, or 403/404/405/422
for shapes refused earlier); every response must be an RFC 9457 problem document when it is an
error, and must match the schema where the schema describes it. (Schemathesis' own pytest
plugin does not yet work with pytest 9, so the operations are driven from one test here.)
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

PUBLIC_PREFIXES = (
    "/api/v1/programs",
    "/api/v1/courses",
    "/api/v1/scholarships/funds",
    "/api/v1/certificates/verify-credential",
    "/api/v1/certificates/{number}",
)
EXAMPLES = 6


@pytest.fixture
def api_schema(db, lsscp):
    """The schema, served by the app in-process inside the test's transaction.

    Like Django's test client, keep the request signals from closing the test's database
    connection (on PostgreSQL that would end the test transaction).
    """
    cache.clear()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operations(api_schema):
    for result in api_schema.get_all_operations():
        yield result.ok()


def test_the_schema_lists_every_capability(api_schema):
    tags = {tag for op in _operations(api_schema) for tag in op.definition.raw.get("tags", [])}
    assert {"Programs", "Applications", "Portfolios", "Reviews", "Payments"} <= tags


def _anonymous_run(operation, *, public: bool):
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call()
        where = f"{case.method} {case.formatted_path} -> {response.status_code}"
        assert response.status_code < 500, where + " " + response.text[:300]
        if not public:
            assert response.status_code in {401, 403, 404, 405, 422}, where
        if response.status_code >= 400:
            headers = {k.lower(): v for k, v in response.headers.items()}
            ctype = headers.get("content-type", [""])
            ctype = ctype[0] if isinstance(ctype, list) else ctype
            assert ctype.startswith("application/problem+json"), where + " " + ctype
            assert {"type", "title", "status", "detail"} <= set(response.json()), where
        else:
            case.validate_response(response)

    return run


def test_no_operation_fails_or_answers_anonymous_callers(api_schema):
    checked = 0
    for operation in _operations(api_schema):
        path = (
            "/api/v1" + operation.path
            if not operation.path.startswith("/api/")
            else (operation.path)
        )
        _anonymous_run(operation, public=path.startswith(PUBLIC_PREFIXES))()
        checked += 1
    assert checked >= 20


def test_no_operation_fails_for_a_signed_in_candidate(api_schema, candidate, lsscp):
    """With a candidate's token for every scope they may hold: no 5xx; 2xx match the schema."""
    from certify.accounts.tokens import token_create
    from tests.factories import ApplicationFactory, ExperienceEntryFactory

    application = ApplicationFactory(candidate=candidate, program=lsscp)
    ExperienceEntryFactory(application=application)
    secret = token_create(
        user=candidate,
        name="contract",
        scopes=["applications", "portfolios", "reviews", "payments", "scholarships"],
    ).secret
    headers = {"Authorization": f"Bearer {secret}"}
    for operation in _operations(api_schema):

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            where = f"{case.method} {case.formatted_path} -> {response.status_code}"
            assert response.status_code < 500, where + " " + response.text[:300]
            if response.status_code < 400:
                # ignored_auth resends without our token header but with `headers` kept; the
                # anonymous test above is the one that proves authentication is enforced.
                case.validate_response(
                    response, headers=headers, excluded_checks=[schemathesis.checks.ignored_auth]
                )

        run()
