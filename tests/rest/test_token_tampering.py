"""A credential handled as an attacker would: sent where the API does not read it (the query
string, another header, another scheme), or changed (its case, a character, spaces, another
token's prefix). test_auth_refusals.py proves expired, revoked and wrong-scope credentials on
every operation; here the credential itself is tampered with. Each is refused as a missing or
bad one (401), never read as someone's, never a server error. A credential is read from the
`Authorization` header (`Bearer`, in any case, RFC 9110) and, for providers' keys, `X-API-Key`
only: one in a URL would end up in logs, browser history and `Referer` headers (docs/security.md).
"""

import pytest

from certify.accounts.privacy import account_close
from certify.accounts.tokens import token_create
from certify.courses import services as course_services
from tests.courses.conftest import provider, provider_user  # noqa: F401  (fixtures)
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

MINE = "/api/v1/applications/mine"


@pytest.fixture
def secret(candidate, lsscp):
    ApplicationFactory(candidate=candidate, program=lsscp)
    return token_create(user=candidate, name="Script", scopes=["applications"]).secret


@pytest.fixture
def key(provider, provider_user):  # noqa: F811
    return course_services.api_key_create(provider=provider, actor=provider_user, name="LMS")[1]


def courses_of(provider) -> str:  # noqa: F811
    return f"/api/v1/providers/{provider.pk}/courses"


def refused(response, words: str) -> None:
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert words in response.json()["detail"], response.json()["detail"]


def test_the_genuine_token_and_key_work(client, secret, key, provider):  # noqa: F811
    """What the refusals below are measured against."""
    assert client.get(MINE, headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert client.get(courses_of(provider), headers={"X-API-Key": key}).status_code == 200


@pytest.mark.parametrize("name", ["access_token", "token", "api_key", "key", "bearer"])
def test_a_credential_in_the_query_string_is_not_read(client, secret, key, provider, name):  # noqa: F811
    refused(client.get(f"{MINE}?{name}={secret}"), "Sign in")
    assert client.get(f"{courses_of(provider)}?{name}={key}").status_code == 401


def test_a_credential_in_a_form_field_or_a_cookie_is_not_read(client, secret, key, provider):  # noqa: F811
    refused(client.post("/api/v1/applications", {"access_token": secret}), "Sign in")
    client.cookies["access_token"] = secret
    client.cookies["api_key"] = key
    refused(client.get(MINE), "Sign in")
    assert client.get(courses_of(provider)).status_code == 401


def test_a_personal_token_is_read_only_as_a_bearer_token(client, secret):
    for headers in (
        {"X-API-Key": secret},  # the providers' header
        {"Authorization": f"Token {secret}"},
        {"Authorization": f"Basic {secret}"},
        {"Authorization": secret},  # no scheme
        {"X-Authorization": f"Bearer {secret}"},
    ):
        refused(client.get(MINE, headers=headers), "Sign in")


def test_the_scheme_is_read_in_any_case(client, secret):
    for scheme in ("bearer", "BEARER", "Bearer"):
        answer = client.get(MINE, headers={"Authorization": f"{scheme} {secret}"})
        assert answer.status_code == 200, scheme


def test_a_token_changed_in_any_way_is_not_valid(client, secret):
    prefix, rest = secret.split("_", 2)[1:]
    flipped = rest[:-1] + ("A" if rest[-1] != "A" else "B")
    for changed in (
        f"cert_{prefix}_{flipped}",  # one character of the secret part
        f"cert_{prefix}_{rest.swapcase()}",  # its case
        f"cert_{prefix}_{rest[:-4]}",  # shortened
        f"cert_{prefix}_{rest}x",  # lengthened
        f"cert_{prefix}_",  # the prefix alone, as shown on the tokens page
        f"{secret} ",  # a space sent after it
        f"{secret}\t",
    ):
        refused(
            client.get(MINE, headers={"Authorization": f"Bearer {changed}"}),
            "This token is not valid.",
        )
    for not_ours in (secret.upper(), f"cpt_{prefix}_{rest}", secret.replace("cert_", "cert")):
        answer = client.get(MINE, headers={"Authorization": f"Bearer {not_ours}"})
        assert answer.status_code == 401, not_ours


def test_another_tokens_prefix_does_not_lend_its_owner(client, secret, staff):
    """The prefix finds a token; only the whole secret's hash lets it in."""
    theirs = token_create(user=staff, name="Queue", scopes=["staff"]).secret
    their_prefix = theirs.split("_")[1]
    mine_rest = secret.split("_", 2)[2]
    forged = f"cert_{their_prefix}_{mine_rest}"
    refused(
        client.get("/api/v1/staff/applications", headers={"Authorization": f"Bearer {forged}"}),
        "This token is not valid.",
    )


def test_a_provider_key_changed_in_any_way_is_not_valid(client, key, provider):  # noqa: F811
    start, rest = key[:-1], key[-1]
    for changed in (start + ("A" if rest != "A" else "B"), key[:4] + key[4:].swapcase()):
        for headers in ({"X-API-Key": changed}, {"Authorization": f"Bearer {changed}"}):
            refused(client.get(courses_of(provider), headers=headers), "This API key is not valid.")
    refused(
        client.get(courses_of(provider), headers={"X-API-Key": key.upper()}),
        "This is not a Certify provider API key.",
    )


def test_a_closed_accounts_token_is_refused_in_words_before_its_scope_is_read(
    client, secret, candidate
):
    """The token allows "applications" only; sent to a staff operation after the account closed,
    the answer is that the account is closed (401), not that the scope is missing (403)."""
    candidate.set_password("a closed account 7")
    candidate.save(update_fields=["password"])
    account_close(user=candidate, password="a closed account 7")
    for url in (MINE, "/api/v1/staff/applications", "/api/v1/certificates/mine"):
        answer = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 401, (url, answer.content)


def test_a_space_around_a_provider_key_is_refused_as_around_a_personal_token(
    client,
    key,
    provider,  # noqa: F811
):
    """Both credentials are read exactly as sent (docs/security.md): a space or tab before or
    after either makes it one that no one was given."""
    for changed in (f"{key} ", f"{key}\t", f" {key}"):
        for headers in ({"X-API-Key": changed}, {"Authorization": f"Bearer {changed}"}):
            answer = client.get(courses_of(provider), headers=headers)
            assert answer.status_code == 401, (repr(changed), headers.keys())


def test_a_personal_token_with_a_space_is_refused_where_provider_keys_are_taken(
    client,
    secret,
    key,
    provider,  # noqa: F811
):
    """Sent to a provider's operation, a token with a space after it is a bad token (401), as
    it is on its own operations, not a good token of the wrong kind (403)."""
    headers = {"Authorization": f"Bearer {secret} "}
    refused(client.get(courses_of(provider), headers=headers), "This token is not valid.")
    good = {"Authorization": f"Bearer {secret}"}
    assert client.get(courses_of(provider), headers=good).status_code == 403


def test_a_prefix_in_use_is_drawn_again_for_a_new_token(candidate, monkeypatch):
    """The prefix finds the one token whose hash is compared, so no two tokens share one: a new
    token drawing a prefix already in use draws another, and both tokens work."""
    from certify.accounts import tokens

    first = token_create(user=candidate, name="One", scopes=["applications"])
    taken = first.token.prefix
    draws = iter([taken, taken, "0badcafe"])
    monkeypatch.setattr(tokens.secrets, "token_hex", lambda n: next(draws))
    second = token_create(user=candidate, name="Two", scopes=["applications"])
    assert second.token.prefix == "0badcafe"
    monkeypatch.undo()
    for made in (first, second):
        assert tokens.token_authenticate(made.secret, scope="applications") == candidate


def test_a_prefix_in_use_is_drawn_again_for_a_new_provider_key(
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    monkeypatch,
):
    from certify.courses.services import providers

    first, _raw = course_services.api_key_create(provider=provider, actor=provider_user, name="A")
    draws = iter([first.prefix, "0badcafe"])
    monkeypatch.setattr(providers.secrets, "token_hex", lambda n: next(draws))
    second, raw = course_services.api_key_create(provider=provider, actor=provider_user, name="B")
    assert second.prefix == "0badcafe"
    monkeypatch.undo()
    assert course_services.api_key_check(raw) == second
