"""The provider operations refuse a caller without the course provider role with a 403 that says
so, as the other role-gated sections of the API refuse a missing role (staff, reviews, sponsors:
403). Before, a candidate, a reviewer, program staff, a sponsor's administrator or someone with
no role, signed in, got "No such provider." (404) for a provider that exists, as if it did not;
a personal access token (`cert_…`) got a 401 "not a provider API key", as if it were a wrong
key. The 403 comes before any id is read, so it is the same for every provider id (an unknown
one too) and tells nothing about which exist; a provider's person or key asking about another
provider still gets the 404 an unknown id gets (docs/security.md)."""

import pytest

from certify.accounts.tokens import token_create
from certify.rest.api import api
from certify.rest.courses.auth import NOT_A_PROVIDER, NOT_A_PROVIDER_KEY
from tests.conftest import ROLES
from tests.courses.conftest import (  # noqa: F401  (fixtures)
    ct,
    other_provider_user,
    provider,
    provider_user,
)
from tests.factories import UserFactory

REFUSED_ROLES = [role for role in ROLES if role != "provider"]
UNKNOWN = 999_999


def provider_operations() -> list[tuple[str, str]]:
    """(method, path template) of every operation under /providers/, from the schema."""
    return [
        (method.upper(), path)
        for path, ops in api.get_openapi_schema()["paths"].items()
        if path.startswith("/api/v1/providers/")
        for method in ops
    ]


def url(template: str, provider_id: int) -> str:
    return (
        template.replace("{provider_id}", str(provider_id))
        .replace("{competency_code}", "CT1")
        .replace("{course_id}", "1")
        .replace("{completion_id}", "1")
        .replace("{key_id}", "1")
    )


def send(client, method: str, path: str, **headers):
    call = {"GET": client.get, "POST": client.post, "PUT": client.put}[method]
    if method == "GET":
        return call(path, headers=headers)
    return call(path, "{}", content_type="application/json", headers=headers)


def test_every_provider_operation_is_walked():
    assert len(provider_operations()) >= 14


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_a_signed_in_person_without_the_role_gets_a_403_saying_so(client, provider, role):  # noqa: F811
    client.force_login(UserFactory(roles=ROLES[role]))
    for method, template in provider_operations():
        for provider_id in (provider.pk, UNKNOWN):  # the same answer for every id
            answer = send(client, method, url(template, provider_id))
            assert answer.status_code == 403, (role, method, template, answer.text)
            assert answer["Content-Type"] == "application/problem+json"
            assert answer.json()["detail"] == NOT_A_PROVIDER


@pytest.mark.parametrize("role", ["candidate", "reviewer", "program_staff", "sponsor", "no_role"])
def test_a_personal_access_token_gets_a_403_saying_what_to_send(client, provider, role):  # noqa: F811
    person = UserFactory(roles=ROLES[role])
    secret = token_create(user=person, name="Mine", scopes=["account"]).secret
    for method, template in provider_operations():
        answer = send(client, method, url(template, provider.pk), Authorization=f"Bearer {secret}")
        assert answer.status_code == 403, (role, method, template, answer.text)
        assert answer.json()["detail"] == NOT_A_PROVIDER_KEY


def test_another_providers_person_still_gets_the_404_of_an_unknown_id(
    client,
    provider,  # noqa: F811
    other_provider_user,  # noqa: F811
):
    client.force_login(other_provider_user)
    for method, template in provider_operations():
        theirs = send(client, method, url(template, provider.pk))
        unknown = send(client, method, url(template, UNKNOWN))
        assert theirs.status_code == unknown.status_code, (method, template)
        assert theirs.json()["detail"] == unknown.json()["detail"]
        if theirs.status_code != 422:  # an empty body is refused first, the same for both
            assert (theirs.status_code, theirs.json()["detail"]) == (404, "No such provider.")


def test_the_providers_own_person_is_let_in(client, provider, provider_user):  # noqa: F811
    client.force_login(provider_user)
    assert client.get(f"/api/v1/providers/{provider.pk}/courses").status_code == 200


def test_anonymous_callers_are_asked_to_sign_in(client, provider):  # noqa: F811
    for method, template in provider_operations():
        assert send(client, method, url(template, provider.pk)).status_code == 401
