"""Two-factor authentication (allauth.mfa) is available to everyone."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.parametrize("role", ["candidate", "program_staff", "reviewer", "provider", "sponsor"])
def test_every_role_can_open_the_two_factor_page(db, client_as, role):
    response = client_as(role).get(reverse("mfa_index"))
    assert response.status_code == 200
    assert "Authenticator" in response.text


def test_a_candidate_activates_totp_and_gets_recovery_codes(client, candidate):
    # Activating asks for the password again (allauth's reauthentication), as a real user would.
    client.force_login(candidate)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    code = hotp_value(secret, int(time.time()) // 30)
    response = client.post(reverse("mfa_activate_totp"), {"code": f"{code:06d}"})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=candidate).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
