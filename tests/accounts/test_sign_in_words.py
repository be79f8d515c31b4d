"""A wrong password, at sign-in and when confirming it is you, in the site's words (allauth said
"The email address and/or password you specified are not correct." and "Incorrect password.");
at sign-in it stands beside the password field, which points to it, rather than in a list above
the form that no field pointed to. A wrong recovery code from someone with security keys and no
app: tests/browser/test_security_keys.py."""

import re

from django.urls import reverse

from tests.factories import PASSWORD

MISMATCH = "That e-mail address and password do not match an account"


def test_a_wrong_password_at_sign_in_is_said_beside_the_password(client, candidate):
    response = client.post(
        reverse("account_login"), {"login": candidate.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    html = response.text
    assert "and/or" not in html
    error = re.search(r'<ul class="errorlist" id="id_password_error"><li>([^<]*)</li>', html)
    assert error, html
    assert error.group(1).startswith(MISMATCH)
    password = re.search(r'<input type="password" name="password"[^>]*>', html)
    assert password, html
    assert 'aria-invalid="true"' in password.group(0)
    assert re.search(r'aria-describedby="[^"]*\bid_password_error\b', password.group(0))
    assert 'class="errorlist nonfield"' not in html
    # The e-mail address typed stays (forms keep what was typed).
    assert f'value="{candidate.email}"' in html


def test_a_wrong_password_when_confirming_it_is_you_is_said_in_the_sites_words(client, candidate):
    client.force_login(candidate)
    response = client.post(reverse("account_reauthenticate"), {"password": "not-the-password"})
    assert response.status_code == 200
    assert "That password is not right: type it again." in response.text
    assert "Incorrect password" not in response.text
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
