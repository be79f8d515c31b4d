"""Generated from the schema: every operation that needs authentication refuses a missing, an
expired, a revoked and a wrong-scope credential, each with 401/403 and a problem document; a
token operation also refuses a person whose role needs 2FA and who has none, and a token whose
scope's role the person no longer holds (ADR 0023).

Operations taking a personal access token are tried with tokens (the wrong scope: every scope
but the one the operation names); operations taking a provider API key with keys (the "wrong
scope" of a key is another provider, answered like an unknown one: 404). Each is also tried
with the other kind of credential: a revoked or expired one is refused as bad (401, in the
words of the operations that take it) before a good one is refused as the wrong kind (403).
New operations are picked up from the schema.
"""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from certify.accounts.models import PersonalAccessToken, Role, RoleAssignment
from certify.accounts.tokens import SCOPE_ROLES, token_create, token_revoke
from certify.courses import services as course_services
from certify.courses.models import ProviderApiKey
from certify.rest.api import api
from tests.factories import ProviderFactory, UserFactory
from tests.files import PDF

PROBLEM = "application/problem+json"
METHODS = {"get", "post", "put", "patch", "delete"}
KEY_SCHEMES = {"ProviderKeyBearer", "ProviderKeyHeader"}


SCHEMA = json.loads(json.dumps(api.get_openapi_schema()))


def _secured_operations():
    schema = SCHEMA
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method in METHODS and op.get("security"):
                schemes = {s: scopes for req in op["security"] for s, scopes in req.items()}
                yield pytest.param(method, path, op, schemes, id=f"{method.upper()} {path}")


OPERATIONS = list(_secured_operations())


def _call(client, method, path, op, headers, *, provider_id=None):
    url = path.replace("{provider_id}", str(provider_id)) if provider_id else path
    while "{" in url:  # any other id: refusal comes before anything is looked up
        start = url.index("{")
        url = url[:start] + "1" + url[url.index("}", start) + 1 :]
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        media = content["application/json"]
        body = media.get("example") or _schema_example(media["schema"])
        return client.generic(
            method.upper(), url, json.dumps(body), "application/json", headers=headers
        )
    if "multipart/form-data" in content:
        files = {
            name: SimpleUploadedFile("syllabus.pdf", PDF, "application/pdf")
            for name in content["multipart/form-data"]["schema"].get("properties", {})
        }
        return client.post(url, files, headers=headers)
    return client.generic(method.upper(), url, headers=headers)


def _schema_example(schema):
    ref = schema.get("$ref", "")
    if ref:
        components = SCHEMA["components"]["schemas"]
        return components[ref.rsplit("/", 1)[1]].get("examples", [{}])[0]
    return schema.get("examples", [{}])[0]


def _refused(response, statuses, reason=""):
    where = f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}"
    assert response.status_code in statuses, f"{where} -> {response.status_code}"
    assert response["Content-Type"] == PROBLEM, where
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body), where
    assert reason in body["detail"], f"{where}: {body['detail']}"


@pytest.fixture
def tokens(db):
    """For a staff member (who may hold every scope): a helper making tokens."""
    user = UserFactory(roles=[Role.PROGRAM_STAFF, Role.CANDIDATE, Role.REVIEWER, Role.SPONSOR])

    def make(scopes, *, state=""):
        created = token_create(user=user, name="auth test", scopes=scopes)
        if state == "expired":
            PersonalAccessToken.objects.filter(pk=created.token.pk).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            )
        elif state == "revoked":
            token_revoke(token=created.token, actor=user)
        return {"Authorization": f"Bearer {created.secret}"}

    make.user = user  # type: ignore[attr-defined]
    return make


@pytest.fixture
def keys(db):
    """Two approved providers; a helper making a key of the first (or the second)."""
    user = UserFactory(roles=[Role.PROVIDER])
    ours, theirs = ProviderFactory(staff=[user]), ProviderFactory(staff=[user])

    def make(*, state="", other=False):
        key, raw = course_services.api_key_create(
            provider=theirs if other else ours, actor=user, name="LMS"
        )
        if state == "expired":
            ProviderApiKey.objects.filter(pk=key.pk).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            )
        elif state == "revoked":
            course_services.api_key_revoke(key=key, actor=user)
        return {"X-API-Key": raw}

    make.provider_id = ours.pk  # type: ignore[attr-defined]
    return make


def test_every_secured_operation_is_found():
    assert len(OPERATIONS) >= 40


@pytest.mark.parametrize(("method", "path", "op", "schemes"), OPERATIONS)
def test_bad_credentials_are_refused(client, tokens, keys, method, path, op, schemes):
    if "TokenAuth" in schemes:
        (scope,) = schemes["TokenAuth"]
        others = [s for s in PersonalAccessToken.Scope.values if s != scope]
        _refused(_call(client, method, path, op, {}), {401}, "Sign in")
        _refused(
            _call(client, method, path, op, tokens([scope], state="expired")), {401}, "expired"
        )
        _refused(
            _call(client, method, path, op, tokens([scope], state="revoked")), {401}, "revoked"
        )
        _refused(_call(client, method, path, op, tokens(others)), {403}, f"“{scope}”")
        # A provider's API key: a bad one is refused as bad (401), saying first that the
        # operation takes a personal token, then the key's own words; a good one as the wrong
        # kind of credential (403).
        wrong_kind = "not a course provider's API key; and the provider key sent does not work"
        for state, status, words in (
            ("revoked", 401, f"{wrong_kind} either: This API key was revoked."),
            ("expired", 401, f"{wrong_kind} either: This API key has expired"),
            ("", 403, "a personal access token (cert_…)"),
        ):
            sent = {"Authorization": f"Bearer {keys(state=state)['X-API-Key']}"}
            _refused(_call(client, method, path, op, sent), {status}, words)
        good = tokens([scope])
        with override_settings(MFA_REQUIRED_ROLES=(Role.PROGRAM_STAFF,)):
            _refused(_call(client, method, path, op, good), {403}, "two-factor authentication")
        if SCOPE_ROLES[scope]:  # the person loses the roles the scope needs
            RoleAssignment.objects.filter(user=tokens.user, role__in=SCOPE_ROLES[scope]).delete()
            _refused(_call(client, method, path, op, good), {403}, "which you no longer hold")
    elif KEY_SCHEMES & set(schemes):
        provider_id = keys.provider_id
        _refused(_call(client, method, path, op, {}, provider_id=provider_id), {401})
        _refused(
            _call(client, method, path, op, keys(state="expired"), provider_id=provider_id),
            {401},
            "expired",
        )
        _refused(
            _call(client, method, path, op, keys(state="revoked"), provider_id=provider_id),
            {401},
            "revoked",
        )
        _refused(
            _call(client, method, path, op, keys(other=True), provider_id=provider_id),
            {404},  # as if there were no such provider: a 403 would say the id exists
            "No such provider.",
        )
        # A personal access token: authenticated first, as on the operations that take one
        # (401 in the same words when it is not good), then refused as the wrong kind (403).
        for state, status, words in (
            ("revoked", 401, "This token was revoked."),
            ("expired", 401, "This token has expired"),
            ("", 403, "This is a personal access token"),
        ):
            sent = tokens(["applications"], state=state)
            _refused(
                _call(client, method, path, op, sent, provider_id=provider_id), {status}, words
            )
    else:  # some other scheme: at least nobody gets in without credentials or with bad ones
        _refused(_call(client, method, path, op, {}), {401, 403})
        scope_less = tokens(["applications"], state="revoked")
        _refused(_call(client, method, path, op, scope_less), {401, 403})
