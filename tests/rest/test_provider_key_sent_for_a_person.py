"""A course provider's API key (`cpk_…`) sent to an operation that takes a personal access token
(ADR 0009, docs/integration.md): the answer says first what is wrong for this caller (the
operation takes a personal token, not a provider key); a key that is not good stays a 401 and
also says why, a good one, its provider suspended or not, is the 403 of a key of the wrong
kind."""

from django.utils import timezone

from certify.courses import services
from certify.courses.models import ProviderApiKey
from certify.rest.auth import PROVIDER_KEY_SENT
from tests.courses.conftest import provider, provider_user  # noqa: F401  (fixtures)

URL = "/api/v1/applications/mine"
TAKES = (
    "This operation takes a personal access token (cert_…), made on your account's API tokens "
    "page, or a signed-in session, not a course provider's API key; and the provider key sent "
    "does not work either: "
)


def _sent(client, raw, header="Authorization"):
    value = f"Bearer {raw}" if header == "Authorization" else raw
    answer = client.get(URL, headers={header: value})
    return answer.status_code, answer.json()["detail"]


def test_a_revoked_provider_key_is_a_401_saying_the_operation_takes_a_personal_token(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
):
    key, raw = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    services.api_key_revoke(key=key, actor=provider_user)
    assert _sent(client, raw) == (401, TAKES + "This API key was revoked.")


def test_an_unknown_or_expired_provider_key_says_it_too(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
):
    assert _sent(client, "cpk_abcd1234_nope") == (401, TAKES + "This API key is not valid.")
    key, raw = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    ProviderApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now())
    status, detail = _sent(client, raw)
    assert status == 401
    assert detail.startswith(TAKES + "This API key has expired")


def test_a_good_key_of_a_suspended_provider_is_the_403_of_a_key_of_the_wrong_kind(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    staff,
):
    """Not the 401 of a key that is not good: the key is known; what is wrong here is its kind,
    whatever its provider's approval (the provider's own operations say the suspension)."""
    _, raw = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    services.provider_approval_suspend(provider=provider, actor=staff, reason="An audit.")
    assert _sent(client, raw) == (403, PROVIDER_KEY_SENT)
    answer = client.get(f"/api/v1/providers/{provider.pk}/courses", headers={"X-API-Key": raw})
    assert answer.status_code == 403
    assert "suspended the approval of Northside Community College" in answer.json()["detail"]
