"""Account e-mails (allauth's templates and ours: confirming an address, a password reset or
change, an address changed, two-factor notices) render both ways: found from the template
folders, so that a new one cannot be missed, each with its text part and an HTML part in the
layout of every other e-mail, checked as the notifications are (test_email_rendering.py); the
times and zones of both parts, and every branch, in test_email_form.py."""

import re
from pathlib import Path

import pytest
from allauth.core import context as allauth_context
from django.conf import settings
from django.template.utils import get_app_template_dirs
from django.test import RequestFactory

from certify.accounts.adapter import AccountAdapter
from certify.notifications.models import OutgoingEmail
from tests.factories import UserFactory
from tests.notifications.emails import (
    MOMENT,
    SITE,
    SITE_CONTACT,
    problems,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)

# --- Account e-mails (allauth's templates and ours) ----------------------------------------------


def account_email_prefixes() -> list[str]:
    """Every account e-mail allauth can render: each `*_subject.txt` (a message has a subject;
    `base_message.txt` and the like are only extended) under an `email` folder of `account/` or
    `mfa/` in any template folder (ours override allauth's)."""
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]] + [
        Path(d) for d in get_app_template_dirs("templates")
    ]
    prefixes = set()
    for root in roots:
        for app in ("account", "mfa"):
            for path in (root / app / "email").glob("*_subject.txt"):
                prefixes.add(f"{app}/email/{path.name.removesuffix('_subject.txt')}")
    return sorted(prefixes)


def test_the_account_emails_are_found():
    prefixes = account_email_prefixes()
    assert "account/email/email_confirmation_signup" in prefixes
    assert "account/email/password_reset_key" in prefixes
    assert "mfa/email/totp_activated" in prefixes
    assert "account/email/base" not in prefixes
    assert len(prefixes) >= 18


ACCOUNT_CONTEXT = {
    # Links as allauth builds them: from the request's host, not the served address.
    "activate_url": "http://testserver/accounts/confirm-email/MQ:abc/",
    "password_reset_url": "http://testserver/accounts/password/reset/key/1-abc/",
    "signup_url": "http://testserver/accounts/signup/",
    "code": "K7Q2-9XZ4",
    "email": "dana@example.org",
    "deleted_email": "old@example.org",
    "from_email": "old@example.org",
    "to_email": "dana@example.org",
    "user_display": "Dana O'Neil",
    "username": "",
    "ip": "203.0.113.9",
    "user_agent": "Mozilla/5.0",
    "timestamp": MOMENT,
    # A security key added (accounts/adapter.py: send_notification_mail).
    "key_name": "Blue USB key",
    "passkey": True,
    "keys_url": "http://testserver/accounts/2fa/webauthn/",
    # A password changed (accounts/passwords.py: password_changed).
    "how": "on your account's change password page",
    "stopped": ["Your API token was revoked."],
    "tokens_revoked": 1,
    "tokens_url": "http://testserver/account/tokens/",
    "reset_url": "http://testserver/accounts/password/reset/",
}


@pytest.mark.parametrize("prefix", account_email_prefixes())
def test_account_email_renders(lsscp, rf: RequestFactory, prefix):
    request = rf.get("/accounts/signup/")
    user = UserFactory(full_name="Dana O'Neil", email="dana@example.org")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(
            prefix, "dana@example.org", {**ACCOUNT_CONTEXT, "user": user}
        )
    email = OutgoingEmail.objects.get(to="dana@example.org")
    assert email.subject.startswith("[Certify] ")  # the site's name (SITE_NAME), not a program's
    text = email.text_body
    assert problems(text, email.html_body) == []
    html = email.html_body  # allauth's were text only: now the layout of every other e-mail
    assert '<meta name="viewport" content="width=device-width">' in html
    assert html.count("<p>") >= 3
    for found in re.findall(rf"{SITE}\S*", text):  # each address in the text is a link
        link = found.rstrip(".,;:!?)")
        assert f'href="{link}"' in html, link
    assert "cannot be turned off" in html
    assert "e-mail preferences" not in html
    assert "you have an account" not in html
    assert text.startswith("Hello,")
    assert "Certify" in text
    assert "LSSCP" not in text
    assert "Library Support Staff" not in text
    assert f"{SITE}/" in text
    assert f"Questions? Write to {lsscp.contact_email}" in text  # no SITE_CONTACT_EMAIL here


def test_account_emails_end_with_the_sites_contact(lsscp, rf, settings):
    settings.SITE_CONTACT_EMAIL = SITE_CONTACT
    request = rf.get("/accounts/password/reset/")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(
            "account/email/password_reset_key", "dana@example.org", dict(ACCOUNT_CONTEXT)
        )
    text = OutgoingEmail.objects.get(to="dana@example.org").text_body
    assert text.rstrip().endswith(f"Questions? Write to {SITE_CONTACT}")
    assert lsscp.contact_email not in text


def test_account_emails_name_the_site_by_its_setting_not_the_default_program(lsscp, rf, settings):
    """A person who signs up for another program, or resets a password, is not greeted in the
    default program's name: the site's own name (`SITE_NAME`) is in the subject and sign-off."""
    settings.SITE_NAME = "Records Certification Online"
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = None
    request = rf.get("/accounts/password/reset/")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(
            "account/email/password_reset_key", "dana@example.org", dict(ACCOUNT_CONTEXT)
        )
    email = OutgoingEmail.objects.get(to="dana@example.org")
    assert email.subject.startswith("[Records Certification Online] ")
    assert "Records Certification Online" in email.text_body
    assert lsscp.short_name not in email.subject + email.text_body
    assert lsscp.name not in email.text_body


def test_the_sign_up_email_names_the_site_and_links_to_the_served_address(lsscp, rf):
    request = rf.get("/accounts/signup/")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(
            "account/email/email_confirmation_signup",
            "dana@example.org",
            {k: v for k, v in ACCOUNT_CONTEXT.items() if k != "code"},  # a link, not a code
        )
    text = OutgoingEmail.objects.get(to="dana@example.org").text_body
    assert "Hello from !" not in text
    assert "certify.example.org" in text
    assert f"{SITE}/accounts/confirm-email/MQ:abc/" in text
    assert "testserver" not in text


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("account/email/password_reset_key", "open this link to choose a new password"),
        ("account/email/unknown_account", "no account uses it"),
    ],
)
def test_the_password_reset_emails_speak_the_sites_words(lsscp, rf, prefix, words):
    """allauth's said "You're receiving this email because … Click the link below" and "we do
    not have any record of such an account in our database"."""
    request = rf.get("/accounts/password/reset/")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(prefix, "dana@example.org", ACCOUNT_CONTEXT)
    email = OutgoingEmail.objects.get(to="dana@example.org")
    assert words in email.text_body
    for allauths in ("email", "Email", "receiving", "database", "Click"):
        assert allauths not in email.subject + email.text_body.replace("e-mail", "")


def test_the_html_part_is_the_text_escaped_never_markup_a_person_typed(lsscp, rf):
    """A key's name is the person's text: in the HTML it is words, not markup."""
    request = rf.get("/accounts/2fa/webauthn/")
    context = {**ACCOUNT_CONTEXT, "key_name": '<a href="https://evil.example">Blue</a> & key'}
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail("mfa/email/webauthn_added", "dana@example.org", context)
    html = OutgoingEmail.objects.get(to="dana@example.org").html_body
    assert "evil.example" in html
    assert 'href="https://evil.example"' not in html
    assert "&lt;a href=" in html
    assert "&amp; key" in html
