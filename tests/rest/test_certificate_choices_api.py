"""The holder's choices about their certificates through the API (the public profile, the
register, a wallet offer) and staff revoking a set's credential: the pages' services and
refusals, for the holder (or staff) only, and a replay that does not act twice."""

import json

import pytest

from certify.accounts.models import Role
from certify.accounts.tokens import token_create
from certify.certificates.models import (
    PublicProfile,
    RegisterListing,
    SetCredential,
    WalletOffer,
)
from tests.certificates.conftest import certificate, nearly, program  # noqa: F401  (fixtures)
from tests.factories import UserFactory

MINE = "/api/v1/certificates/mine"


def _send(client, method, url, body=None, **headers):
    data = json.dumps(body or {})
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def _bearer(user, scope="certificates") -> dict[str, str]:
    return {"Authorization": f"Bearer {token_create(user=user, name='t', scopes=[scope]).secret}"}


def test_the_holder_shows_and_hides_their_profile_with_a_token(client, candidate):
    auth = _bearer(candidate)
    assert _send(client, "PUT", f"{MINE}/profile", {"is_public": True}, **auth).json() == {
        "is_public": True
    }
    assert PublicProfile.objects.get(user=candidate).is_public
    assert _send(client, "PUT", f"{MINE}/profile", {"is_public": True}, **auth).status_code == 200
    assert PublicProfile.objects.filter(user=candidate).count() == 1
    _send(client, "PUT", f"{MINE}/profile", {"is_public": False}, **auth)
    assert not PublicProfile.objects.get(user=candidate).is_public
    wrong = _bearer(candidate, scope="applications")
    assert _send(client, "PUT", f"{MINE}/profile", {"is_public": True}, **wrong).status_code == 403
    assert _send(client, "PUT", f"{MINE}/profile", {"is_public": True}).status_code == 401
    assert not PublicProfile.objects.get(user=candidate).is_public


def test_a_holder_lists_themselves_under_a_state_and_leaves_the_register(client, certificate):  # noqa: F811
    holder = certificate.holder
    client.force_login(holder)
    url = f"{MINE}/register-listing"
    no_state = _send(client, "PUT", url, {"action": "list"})
    assert (no_state.status_code, no_state.json()["field"]) == (400, "state")
    assert no_state.json()["detail"] == "Choose the state you want to be listed under."
    assert _send(client, "PUT", url, {"action": "list", "state": "OH"}).json() == {
        "listed": True,
        "state": "OH",
    }
    assert _send(client, "PUT", url, {"action": "list", "state": "OH"}).status_code == 200
    assert RegisterListing.objects.filter(user=holder).count() == 1
    assert _send(client, "PUT", url, {"action": "remove"}).json() == {"listed": False, "state": ""}
    assert _send(client, "PUT", url, {"action": "remove"}).status_code == 200
    assert not RegisterListing.objects.exists()


def test_someone_without_a_certificate_is_not_listed(client, candidate):
    client.force_login(candidate)
    refused = _send(client, "PUT", f"{MINE}/register-listing", {"action": "list", "state": "OH"})
    assert refused.status_code == 400
    assert not RegisterListing.objects.exists()


def test_the_holder_gets_a_new_wallet_offer_each_time_and_nobody_else(client, certificate):  # noqa: F811
    url = f"/api/v1/certificates/{certificate.number}/wallet-offer"
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert _send(client, "POST", url, {"tx_code": True}).status_code == 404
    assert not WalletOffer.objects.exists()
    auth = _bearer(certificate.holder)
    first = _send(client, "POST", url, {"tx_code": True}, **auth)
    assert first.status_code == 200, first.text
    assert first.json()["uri"].startswith("openid-credential-offer://?credential_offer=")
    assert len(first.json()["tx_code"]) == 6
    assert first["Cache-Control"] == "no-store"
    second = _send(client, "POST", url, {}, **auth)
    assert second.json()["tx_code"] == ""
    assert second.json()["uri"] != first.json()["uri"]
    assert WalletOffer.objects.filter(certificate=certificate).count() == 2


@pytest.fixture
def set_credential(certificate):  # noqa: F811
    return SetCredential.objects.filter(holder=certificate.holder).first()


def test_staff_revoke_a_sets_credential_with_a_reason_once(client, staff, set_credential):
    url = f"/api/v1/staff/certificates/sets/{set_credential.pk}/revoke"
    client.force_login(set_credential.holder)
    assert _send(client, "POST", url, {"reason": "x"}).status_code == 403
    client.force_login(staff)
    refused = _send(client, "POST", url, {"reason": ""})
    assert refused.status_code == 400
    assert "Give a reason" in refused.json()["detail"]
    done = _send(client, "POST", url, {"reason": "The course was not approved for this set."})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "revoked"
    assert SetCredential.objects.get(pk=set_credential.pk).status == SetCredential.Status.REVOKED
    replay = _send(client, "POST", url, {"reason": "Again."})
    assert replay.status_code == 400
    item = SetCredential.objects.get(pk=set_credential.pk)
    assert item.status_reason == "The course was not approved for this set."
