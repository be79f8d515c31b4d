"""The API contract, fuzzed: schemathesis generates requests for every operation in the schema.

For every operation, anonymous requests (generated from the schema, valid and invalid) must never
cause a server error; operations that need a sign-in must refuse them (401, or 400/403/404/405/422
for shapes refused earlier: a NUL in the address is a 400 before anything else; someone else's
object is the 404 of an unknown id, and each operation that names one documents it); every
response must be an RFC 9457 problem document when it is an error (a 422's messages in the
site's words, not pydantic's), and every response, errors included, must match the schema
(status code, content type, body). A stateful run follows the schema's links (e.g. start an
application, then get it). (Schemathesis' own pytest plugin does
not yet work with pytest 9, so the operations are driven from the tests here.)
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, assume, given, settings

PUBLIC_PREFIXES = (
    "/api/v1/programs",
    "/api/v1/courses",
    "/api/v1/scholarships/funds",
    "/api/v1/certificates/verify-credential",
    "/api/v1/certificates/{number}",
    "/api/v1/register",
)
EXAMPLES = 6
STATEFUL_EXAMPLES = 8
# A request the schema allows may still break a business rule (400) or name something unknown
# (404): positive_data_acceptance assumes the schema says everything, so it is left out. Every
# other check runs, on errors too.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
# ignored_auth resends without our token header but with `headers` kept; the anonymous test and
# test_auth_refusals.py are the ones that prove authentication is enforced.
EXCLUDED_SIGNED_IN = [*EXCLUDED, schemathesis.checks.ignored_auth]


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


def _fixed_paths(api_schema) -> set[str]:
    """The paths of operations without a parameter. A case drawn for `/certificates/{number}`
    with `number` "mine" is a request to `/certificates/mine`, another operation (fuzzed on its
    own): it is not checked against the first one's schema."""
    paths = {op.path.rstrip("/") for op in _operations(api_schema) if "{" not in op.path}
    return paths | {"/api/v1" + p for p in paths if not p.startswith("/api/")}


def _another_operation(case, fixed: set[str]) -> bool:
    return "{" in case.operation.path and case.formatted_path.rstrip("/") in fixed


def test_the_schema_lists_every_capability(api_schema):
    tags = {tag for op in _operations(api_schema) for tag in op.definition.raw.get("tags", [])}
    assert {"Programs", "Applications", "Portfolios", "Reviews", "Payments"} <= tags


# pydantic's own phrasing, which a 422 no longer carries (ADR 0043, `core/field_words.py`).
PYDANTIC_WORDS = ("Input should", "Field required", "String should", "Value error")


def _in_plain_words(problem: dict, where: str) -> None:
    for error in problem["errors"]:
        message = error["message"]
        assert message[:1].isupper(), where + " " + message
        assert message.endswith("."), where + " " + message
        assert not any(words in message for words in PYDANTIC_WORDS), where + " " + message


def _anonymous_run(operation, *, public: bool, fixed: set[str]):
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def run(case):
        assume(not _another_operation(case, fixed))
        response = case.call()
        where = f"{case.method} {case.formatted_path} -> {response.status_code}"
        assert response.status_code < 500, where + " " + response.text[:300]
        if not public:
            assert response.status_code in {400, 401, 403, 404, 405, 422}, where
        if response.status_code >= 400:
            headers = {k.lower(): v for k, v in response.headers.items()}
            ctype = headers.get("content-type", [""])
            ctype = ctype[0] if isinstance(ctype, list) else ctype
            assert ctype.startswith("application/problem+json"), where + " " + ctype
            assert {"type", "title", "status", "detail"} <= set(response.json()), where
        if response.status_code == 422 and "errors" in response.json():
            _in_plain_words(response.json(), where)
        case.validate_response(response, excluded_checks=EXCLUDED)

    return run


def test_no_operation_fails_or_answers_anonymous_callers(api_schema):
    checked = 0
    fixed = _fixed_paths(api_schema)
    for operation in _operations(api_schema):
        path = (
            "/api/v1" + operation.path
            if not operation.path.startswith("/api/")
            else (operation.path)
        )
        _anonymous_run(operation, public=path.startswith(PUBLIC_PREFIXES), fixed=fixed)()
        checked += 1
    assert checked >= 20


def test_no_operation_fails_for_a_signed_in_candidate(api_schema, candidate, lsscp):
    """With a candidate's token for every scope they may hold: no 5xx; 2xx match the schema."""
    from certify.accounts.tokens import token_create, token_scope_choices
    from tests.factories import ApplicationFactory, ExperienceEntryFactory

    application = ApplicationFactory(candidate=candidate, program=lsscp)
    ExperienceEntryFactory(application=application)
    scopes = [value for value, _ in token_scope_choices(candidate)]
    assert "reviews" not in scopes  # a candidate's roles allow neither a reviewer's scope
    assert "staff" not in scopes  # nor staff's
    secret = token_create(user=candidate, name="contract", scopes=scopes).secret
    headers = {"Authorization": f"Bearer {secret}"}
    fixed = _fixed_paths(api_schema)
    for operation in _operations(api_schema):

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            assume(not _another_operation(case, fixed))
            response = case.call(headers=headers)
            where = f"{case.method} {case.formatted_path} -> {response.status_code}"
            assert response.status_code < 500, where + " " + response.text[:300]
            if response.status_code == 422 and "errors" in response.json():
                _in_plain_words(response.json(), where)
            case.validate_response(response, headers=headers, excluded_checks=EXCLUDED_SIGNED_IN)

        run()


def test_following_links_never_fails(api_schema, candidate, lsscp):
    """Stateful: the schema's links (start an application → get it; apply to a fund → get the
    application) are followed with a candidate's token; every step must match the schema."""
    from certify.accounts.tokens import token_create

    secret = token_create(
        user=candidate, name="stateful", scopes=["applications", "scholarships"]
    ).secret
    linked = api_schema.include(path_regex="^/api/v1/(applications|scholarships/applications)")
    machine = linked.as_state_machine()
    links = [link for t in machine._transitions.operations.values() for link in t.outgoing]
    assert len(links) >= 2
    seen: set[tuple[str, str, int]] = set()

    class Candidate(machine):  # type: ignore[misc, valid-type]
        def after_call(self, response, case):
            seen.add((case.method, case.operation.path, response.status_code))

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {secret}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            assert response.status_code < 500, response.text[:300]
            case.validate_response(
                response, headers=kwargs.get("headers"), excluded_checks=EXCLUDED_SIGNED_IN
            )

    Candidate.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=4,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert any(status < 300 for _, _, status in seen), seen  # the run got somewhere
