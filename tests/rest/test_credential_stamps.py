"""A key or token is marked used (`last_used_at`) only by a request that was accepted with it: a
good provider API key sent to a personal-token operation (403), to another provider's operation
(404) or to a person's act (403) leaves its stamp alone, as a good personal token sent to a
provider operation (403) does; the provider's page and the person's tokens page show when each
last worked, and a refused call did not work."""

from certify.accounts.tokens import token_create
from certify.courses import services
from certify.courses.models import ProviderApiKey
from certify.rest.auth import PROVIDER_KEY_SENT
from certify.rest.courses.auth import NOT_A_PROVIDER_KEY
from tests.courses.conftest import provider, provider_user  # noqa: F401  (fixtures)
from tests.factories import ProviderFactory, UserFactory


def _key(provider, provider_user):  # noqa: F811
    return services.api_key_create(provider=provider, actor=provider_user, name="LMS")


def _stamp(key: ProviderApiKey):
    return ProviderApiKey.objects.get(pk=key.pk).last_used_at


def test_a_provider_key_refused_by_a_personal_token_operation_is_not_marked_used(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
):
    key, raw = _key(provider, provider_user)
    answer = client.get("/api/v1/applications/mine", headers={"Authorization": f"Bearer {raw}"})
    assert (answer.status_code, answer.json()["detail"]) == (403, PROVIDER_KEY_SENT)
    assert _stamp(key) is None


def test_a_provider_key_refused_by_another_providers_operation_is_not_marked_used(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
):
    key, raw = _key(provider, provider_user)
    elsewhere = ProviderFactory(name="Elsewhere Online School")
    answer = client.get(f"/api/v1/providers/{elsewhere.pk}/courses", headers={"X-API-Key": raw})
    assert answer.status_code == 404
    assert _stamp(key) is None


def test_a_provider_key_refused_for_a_persons_act_is_not_marked_used(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
):
    key, raw = _key(provider, provider_user)
    answer = client.post(
        f"/api/v1/providers/{provider.pk}/colleagues",
        {"email": "new@example.org"},
        content_type="application/json",
        headers={"X-API-Key": raw},
    )
    assert answer.status_code == 403
    assert _stamp(key) is None


def test_a_provider_key_accepted_by_its_providers_operation_is_marked_used(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
):
    key, raw = _key(provider, provider_user)
    answer = client.get(f"/api/v1/providers/{provider.pk}/courses", headers={"X-API-Key": raw})
    assert answer.status_code == 200
    assert _stamp(key) is not None


def test_a_personal_token_refused_by_a_provider_operation_is_not_marked_used(
    client,
    provider,  # noqa: F811
):
    made = token_create(user=UserFactory(), name="Mine", scopes=["certificates"])
    refused = client.get(
        f"/api/v1/providers/{provider.pk}/courses",
        headers={"Authorization": f"Bearer {made.secret}"},
    )
    assert (refused.status_code, refused.json()["detail"]) == (403, NOT_A_PROVIDER_KEY)
    made.token.refresh_from_db()
    assert made.token.last_used_at is None
    mine = "/api/v1/certificates/mine"
    accepted = client.get(mine, headers={"Authorization": f"Bearer {made.secret}"})
    assert accepted.status_code == 200, accepted.text
    made.token.refresh_from_db()
    assert made.token.last_used_at is not None
