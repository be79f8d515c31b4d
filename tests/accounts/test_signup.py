from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from certify.accounts.models import Role, User


def test_sign_up_makes_a_candidate_and_sends_a_verification_email(
    db, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Amaka Eze",
                "email": "amaka@example.org",
                "password1": "a-good-long-passphrase",
                "password2": "a-good-long-passphrase",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="amaka@example.org")
    assert user.full_name == "Amaka Eze"
    assert user.roles == {Role.CANDIDATE}
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "amaka@example.org" in mail.outbox[0].to
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_sign_up_errors_keep_what_was_typed(db, client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Amaka Eze",
            "email": "amaka@example.org",
            "password1": "short",
            "password2": "different",
        },
    )
    assert response.status_code == 200
    assert 'value="Amaka Eze"' in response.text
    assert 'value="amaka@example.org"' in response.text
    assert not User.objects.exists()


def test_unverified_accounts_cannot_sign_in(db, client):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "A B",
            "email": "ab@example.org",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
        },
    )
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ab@example.org", "password": "a-good-long-passphrase"}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_a_confirmation_link_works_once_and_then_says_what_to_do(
    db, client, django_capture_on_commit_callbacks
):
    import re

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Amaka Eze",
                "email": "amaka@example.org",
                "password1": "a-good-long-passphrase",
                "password2": "a-good-long-passphrase",
            },
        )
    link = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    client.logout()
    page = client.get(link).text
    assert "Confirm that <strong>amaka@example.org</strong> is the e-mail address" in page
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="amaka@example.org").verified
    again = client.get(link).text  # opened a second time, from the same e-mail
    assert "This confirmation link cannot be used: it was used already" in again
    assert "there is nothing more to do" in again
    assert 'href="/accounts/login/"' in again
    assert "Email" not in again.split("<main", 1)[-1]  # US English: "e-mail", as elsewhere


def test_sign_up_and_e_mail_pages_speak_the_site_s_words(db, client):
    """allauth's own words ("Signup", "Email Addresses", "Verified", "Primary", "Make Primary",
    "Confirmation email sent") are the site's: sentence case, US English, "e-mail"."""
    from django.contrib.messages import get_messages

    from tests.factories import UserFactory

    page = client.get(reverse("account_signup")).text
    assert "<title>Sign up · Certify</title>" in page
    assert "<h1>Sign up</h1>" in page
    assert "Signup" not in page
    assert "Sign Up" not in page

    user = UserFactory(email="dana@example.org")
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    EmailAddress.objects.create(user=user, email="dana.home@example.org", primary=False)
    client.force_login(user)
    page = client.get(reverse("account_email")).text
    assert "<h1>E-mail addresses</h1>" in page
    assert "dana@example.org (confirmed, main address)" in page
    assert "dana.home@example.org (not confirmed yet)" in page
    assert "Make it the main address" in page
    for allauth_words in ("Email Addresses", "Verified", "Primary", "Re-send", "Add Email"):
        assert allauth_words not in page
    response = client.post(
        reverse("account_email"), {"action_send": "", "email": "dana.home@example.org"}
    )
    words = [str(m) for m in get_messages(response.wsgi_request)]
    assert words == ["We sent a link to confirm dana.home@example.org: open it from your e-mail."]


def test_signing_in_says_so_in_the_site_s_words(db, client):
    """allauth's "Successfully signed in as …" is the site's plain "You are signed in as …"."""
    from django.contrib.messages import get_messages

    from tests.factories import PASSWORD, UserFactory

    UserFactory(email="dana@example.org")
    response = client.post(
        reverse("account_login"), {"login": "dana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    words = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(w.startswith("You are signed in as ") for w in words), words
    assert not any("Successfully" in w for w in words)
