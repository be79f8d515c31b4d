"""allauth's own words on the account pages, in the site's (accounts/adapter.py, mfa_adapter.py,
allauth_forms.py, templates/account/messages/): allauth said "email", "primary", "Please type
your current password.", "You must type the same password each time.", "This email address is
already associated with this account." Only the words change: the checks are allauth's, and an
address already in use at sign-up or on the e-mail addresses page is answered as a new one is
(no account enumeration). A wrong password at sign-in and when confirming it is you:
test_sign_in_words.py; sign-in paused, with its wait: test_sign_in_limits.py."""

import re

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.messages import get_messages
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from certify.accounts.adapter import AccountAdapter
from certify.accounts.allauth_forms import EMAIL_INVALID, PASSWORDS_DIFFER
from certify.accounts.mfa_adapter import MFAAdapter
from certify.accounts.models import User
from tests.factories import PASSWORD, UserFactory

ALLAUTH_DIFFER = "You must type the same password each time."
NEW = "a-new-long-passphrase"
# allauth's words the site does not use ("e-mail", "main address", "confirmed", "sign in").
ALLAUTH_WORDS = re.compile(
    r"\bemail\b|primary|verified|associated|incorrect|\bplease\b|\blogin\b|be patient", re.I
)
# Messages that cannot reach anyone here: phone numbers and usernames are not used.
NOT_SERVED = {
    "phone_password_mismatch",
    "phone_taken",
    "unknown_phone",
    "username_blacklisted",
    "username_password_mismatch",
    "username_taken",
}


def _words(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.database_free
def test_every_message_allauth_can_show_here_is_in_the_sites_words():
    for adapter, default in (
        (AccountAdapter, DefaultAccountAdapter),
        (MFAAdapter, DefaultMFAAdapter),
    ):
        for code, allauth_words in default.error_messages.items():
            if code in NOT_SERVED:
                continue
            words = str(adapter.error_messages[code])
            assert words != str(allauth_words), code
            assert not ALLAUTH_WORDS.search(words), (code, words)


def test_sign_up_with_passwords_that_differ_says_so_in_the_sites_words(db, client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Amaka Eze",
            "email": "amaka@example.org",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase-2",
        },
    )
    assert response.status_code == 200
    error = re.search(
        r'<ul class="errorlist" id="id_password2_error"><li>([^<]*)</li>', response.text
    )
    assert error, response.text
    assert error.group(1) == PASSWORDS_DIFFER
    assert ALLAUTH_DIFFER not in response.text
    assert 'value="amaka@example.org"' in response.text  # what was typed stays


def test_sign_up_with_an_address_in_use_answers_as_for_a_new_one(
    db, client, django_capture_on_commit_callbacks
):
    """docs/security.md: the page never tells that an account exists; the address's owner is
    told, in the site's words, by e-mail."""
    owner = UserFactory(email="dana@example.org")
    typed = {
        "full_name": "Someone",
        "email": "dana@example.org",
        "password1": "a-good-long-passphrase",
        "password2": "a-good-long-passphrase",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), typed)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="dana@example.org").get() == owner
    page = client.get(response.url).text
    assert "already" not in page
    (sent,) = mail.outbox
    assert sent.to == ["dana@example.org"]
    assert sent.subject.endswith("You already have an account")
    assert "it already has an account" in sent.body
    assert "/accounts/password/reset/" in sent.body
    assert not ALLAUTH_WORDS.search(sent.subject + sent.body.replace("e-mail", "")), sent.body


def test_changing_the_password_speaks_the_sites_words(client, candidate):
    client.force_login(candidate)
    url = reverse("account_change_password")
    wrong = client.post(url, {"oldpassword": "not-it", "password1": NEW, "password2": NEW})
    assert "That is not your current password: type it again." in wrong.text
    assert "Please type your current password" not in wrong.text
    differ = client.post(url, {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW + "x"})
    assert PASSWORDS_DIFFER in differ.text
    assert ALLAUTH_DIFFER not in differ.text
    done = client.post(url, {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW})
    assert done.status_code == 302
    assert _words(done) == ["Your password is changed."]


def test_setting_a_password_speaks_the_sites_words(client, candidate):
    candidate.set_unusable_password()
    candidate.save()
    client.force_login(candidate)
    url = reverse("account_set_password")
    differ = client.post(url, {"password1": NEW, "password2": NEW + "x"})
    assert PASSWORDS_DIFFER in differ.text
    assert ALLAUTH_DIFFER not in differ.text
    done = client.post(url, {"password1": NEW, "password2": NEW})
    assert done.status_code == 302
    assert _words(done) == ["Your password is set."]


def test_a_new_password_from_the_reset_link_speaks_the_sites_words(client, candidate):
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(candidate),
            "key": default_token_generator.make_token(candidate),
        },
    )
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    differ = client.post(form_url, {"password1": NEW, "password2": NEW + "x"})
    assert PASSWORDS_DIFFER in differ.text
    assert ALLAUTH_DIFFER not in differ.text
    done = client.post(form_url, {"password1": NEW, "password2": NEW})
    assert done.status_code == 302
    assert _words(done) == ["Your password is changed."]


def test_the_e_mail_addresses_page_speaks_the_sites_words(
    client, candidate, django_capture_on_commit_callbacks
):
    other = UserFactory(email="taken@example.org")
    client.force_login(candidate)
    url = reverse("account_email")

    twice = client.post(url, {"action_add": "", "email": candidate.email.upper()})
    assert "That e-mail address is already on your account." in twice.text
    assert "associated" not in twice.text

    # Another account's address: answered as a new address is (allauth adds it, unconfirmed: it
    # can never be confirmed while the other account has it).
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(url, {"action_add": "", "email": "taken@example.org"})
    assert taken.status_code == 302
    assert _words(taken) == [
        "We sent a link to confirm taken@example.org: open it from your e-mail."
    ]
    assert not EmailAddress.objects.get(user=candidate, email="taken@example.org").verified
    assert EmailAddress.objects.get(user=other, email="taken@example.org").verified

    EmailAddress.objects.create(user=candidate, email="home@example.org")
    not_yet = client.post(url, {"action_primary": "", "email": "home@example.org"})
    assert _words(not_yet)[-1:] == ["Confirm an address before you make it your main one."]
    main = client.post(url, {"action_remove": "", "email": candidate.email})
    assert _words(main)[-1:] == [
        f"{candidate.email} is your main address, so it cannot be removed: make another "
        "address the main one first."
    ]
    removed = client.post(url, {"action_remove": "", "email": "home@example.org"})
    assert _words(removed)[-1:] == ["home@example.org is removed from your account."]


def test_confirming_an_address_and_signing_out_say_so_in_the_sites_words(client, candidate):
    from allauth.account.models import EmailConfirmationHMAC

    address = EmailAddress.objects.create(user=candidate, email="home@example.org")
    client.force_login(candidate)
    key = EmailConfirmationHMAC(address).key
    confirmed = client.post(reverse("account_confirm_email", args=[key]))
    assert confirmed.status_code == 302
    assert _words(confirmed) == ["home@example.org is confirmed."]
    signed_out = client.post(reverse("account_logout"))
    assert signed_out.status_code == 302
    assert _words(signed_out)[-1] == "You are signed out."


@pytest.mark.database_free
def test_an_account_without_an_address_is_told_in_the_sites_words():
    """allauth's snippet for an account with no address (here every account has its sign-in
    address, so the page shows it only if that changes)."""
    words = render_to_string("account/snippets/warn_no_email.html")
    assert "Your account has no e-mail address." in words
    assert not ALLAUTH_WORDS.search(words), words


def test_empty_and_mistyped_fields_say_what_to_type(db, client):
    """Django's "This field is required." and "Enter a valid email address." on allauth's forms."""
    empty = client.post(reverse("account_login"), {"login": "", "password": ""}).text
    assert "Type your e-mail address." in empty
    assert "Type your password." in empty
    assert "This field is required." not in empty
    for url, data in (
        ("account_login", {"login": "amaka.example.org", "password": "x"}),
        ("account_reset_password", {"email": "amaka.example.org"}),
        ("account_signup", {"full_name": "A", "email": "amaka.example.org"}),
    ):
        page = client.post(reverse(url), data).text
        assert EMAIL_INVALID in page, url
        assert "valid email" not in page, url
        assert 'value="amaka.example.org"' in page, url  # what was typed stays
