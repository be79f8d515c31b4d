"""Generated from the schema: every operation that takes a body answers a body it cannot read
with the 422 problem document every other input the schema cannot read gets (docs/integration.md,
"What a 422 says"; `rest/body.py`), one entry in `errors` (field `request`) saying what to send.

Before, django-ninja answered a body that was not JSON, or not of JSON's type, with a bare 400
("Cannot parse request body"), read a JSON list, text or number as an object with no fields (a
required field reported missing; an operation whose fields are all optional went on), and an
operation taking a form read a JSON body as no fields at all. New operations are picked up from
the schema.
"""

import json

import pytest
from django.test import RequestFactory

from certify.accounts.models import PersonalAccessToken, Role
from certify.accounts.tokens import token_create
from certify.courses import services as course_services
from certify.rest.api import api
from certify.rest.body import BodyUnreadableError, JsonObjectParser
from tests.factories import ProviderFactory, UserFactory

PROBLEM = "application/problem+json"
METHODS = {"get", "post", "put", "patch", "delete"}
SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))
# It reads its body itself, as a credential or a baked badge, and answers in the credential
# table's problems (`credential-not-json`, 400; a list is a credential that cannot be trusted).
OWN_READING = {("post", "/api/v1/certificates/verify-credential")}

OBJECT = "Send a JSON object ({{…}}) with the fields this operation takes; the body is {kind}."
AS_JSON = "Send the body as JSON, with the header Content-Type: application/json; it was sent as"
NOT_JSON = (
    "Send the body as JSON: it could not be read at line 1, column 2 (expecting property name "
    "enclosed in double quotes)."
)
AS_FORM = "Send the fields as a form, with the header Content-Type: multipart/form-data; it was"
# (body, Content-Type, the words) for an operation taking JSON.
JSON_CASES = [
    ("{nope", "application/json", NOT_JSON),
    ("[1, 2]", "application/json", OBJECT.format(kind="a list")),
    ('"a name"', "application/json", OBJECT.format(kind="text")),
    ("12", "application/json", OBJECT.format(kind="a number")),
    ("true", "application/json", OBJECT.format(kind="true or false")),
    ("null", "application/json", OBJECT.format(kind="null")),
    ("{}", "text/plain", f"{AS_JSON} text/plain."),
    (
        "reason=x",
        "application/x-www-form-urlencoded",
        f"{AS_JSON} application/x-www-form-urlencoded.",
    ),
]
FORM_CASES = [
    ('{"title": "x"}', "application/json", f"{AS_FORM} sent as application/json."),
    ("title=x", "text/plain", f"{AS_FORM} sent as text/plain."),
]


def _operations():
    for path, item in SCHEMA["paths"].items():
        for method, op in item.items():
            if method in METHODS and "requestBody" in op and (method, path) not in OWN_READING:
                content = op["requestBody"]["content"]
                schemes = {s for req in op.get("security", []) for s in req}
                yield pytest.param(method, path, content, schemes, id=f"{method.upper()} {path}")


OPERATIONS = list(_operations())


@pytest.fixture
def credentials(db):
    """Headers that sign in to an operation: a token of every scope for a person holding every
    role it needs, or an approved provider's API key (and that provider's id)."""
    person = UserFactory(roles=[Role.PROGRAM_STAFF, Role.CANDIDATE, Role.REVIEWER, Role.SPONSOR])
    scopes = list(PersonalAccessToken.Scope.values)
    token = token_create(user=person, name="body test", scopes=scopes).secret
    keeper = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[keeper])
    _, key = course_services.api_key_create(provider=provider, actor=keeper, name="LMS")

    def headers(schemes: set[str]) -> dict[str, str]:
        if "TokenAuth" in schemes:
            return {"Authorization": f"Bearer {token}"}
        return {"X-API-Key": key} if schemes else {}

    headers.provider_id = provider.pk  # type: ignore[attr-defined]
    return headers


def _url(path: str, provider_id: int) -> str:
    """Every other id is 1: the body is read before anything is looked up."""
    url = path.replace("{provider_id}", str(provider_id))
    while "{" in url:
        start = url.index("{")
        url = url[:start] + "1" + url[url.index("}", start) + 1 :]
    return url


def test_every_operation_taking_a_body_is_found():
    kinds = {kind for *_, content, _ in (p.values for p in OPERATIONS) for kind in content}
    assert len(OPERATIONS) >= 90
    assert kinds == {"application/json", "multipart/form-data"}


@pytest.mark.parametrize(("method", "path", "content", "schemes"), OPERATIONS)
def test_a_body_that_cannot_be_read_is_a_422_saying_what_to_send(
    client, credentials, method, path, content, schemes
):
    url = _url(path, credentials.provider_id)
    headers = credentials(schemes)
    cases = JSON_CASES if "application/json" in content else FORM_CASES
    for body, content_type, words in cases:
        response = client.generic(method.upper(), url, body, content_type, headers=headers)
        sent = f"{method.upper()} {url} ({content_type}: {body})"
        assert response.status_code == 422, f"{sent} -> {response.status_code}"
        assert response["Content-Type"] == PROBLEM, sent
        problem = response.json()
        assert problem["type"] == "/api/v1/problems/validation", sent
        assert problem["title"] == "The request is not valid", sent
        assert problem["errors"] == [{"field": "request", "message": words}], sent
        assert problem["detail"] == f"request: {words}", sent


def test_json_named_with_a_charset_a_json_type_or_no_type_is_read(client, credentials):
    """Only a body of another type is refused: the same JSON object under each of these headers
    reaches the operation (a membership without its organization is refused by the rule)."""
    headers = credentials({"TokenAuth"})
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json", ""):
        response = client.generic(
            "POST", "/api/v1/memberships", '{"member_number": "1"}', content_type, headers=headers
        )
        assert response.status_code == 400, content_type
        assert response.json()["field"] == "organisation", content_type


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"\xff\xfe\xfa", "Send the body as JSON in UTF-8 text."),
        (
            b"[" * 100_000 + b"]" * 100_000,
            "Send the body as JSON nested less deeply: its objects and lists nest too far to be "
            "read.",
        ),
    ],
    ids=["not UTF-8", "nested too deeply"],
)
def test_the_parser_says_why_it_cannot_read_a_body(body, words):
    request = RequestFactory().post("/api/v1/memberships", body, content_type="application/json")
    with pytest.raises(BodyUnreadableError) as refused:
        JsonObjectParser().parse_body(request)
    assert refused.value.message == words
