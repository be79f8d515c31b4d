"""The site has one name, `SITE_NAME` (`certify.core.site`): the pages' header and titles, the
error pages, the API documentation and every e-mail that is not one program's call it that.
A site that runs another program, or several, is not "Certify" in its header while its e-mails
call it something else; an organization registered on the site is not told it joined LSSCP."""

import re

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.error_pages import server_error
from certify.courses import services as courses
from certify.notifications.models import OutgoingEmail
from certify.rest.api import api
from tests.factories import UserFactory
from tests.programs.second_program import rmt_set_up

NAME = "Records Certification Online"


@pytest.fixture
def named(settings):
    settings.SITE_NAME = NAME
    return settings


def test_the_header_and_the_title_give_the_sites_name(named, client, db):
    page = client.get(reverse("account_signup")).text
    assert f"<title>Sign up · {NAME}</title>" in page
    brand = re.search(r'<a class="brand"[^>]*>(.*?)</a>', page, re.S)
    assert brand is not None
    assert NAME in brand.group(1)
    assert "· Certify</title>" not in page


def test_the_verification_lookup_page_gives_the_sites_name(named, client, db):
    page = client.get(reverse("certificates:lookup")).text
    assert f"· {NAME}</title>" in page


@pytest.mark.parametrize("error", [OperationalError("gone"), RuntimeError("bug")])
def test_the_static_error_pages_give_the_sites_name(named, error, db):
    request = RequestFactory().get("/somewhere/")
    try:
        raise error
    except Exception:
        page = server_error(request).content.decode()
    assert f"· {NAME}</title>" in page
    assert "· Certify</title>" not in page


def test_the_api_documentation_is_titled_with_the_sites_name(named, client, db):
    schema = client.get(reverse("api-1:openapi-json")).json()
    assert schema["info"]["title"] == f"{NAME} API"
    docs = client.get(reverse("api-1:openapi-view")).text
    assert f"<title>{NAME} API</title>" in docs


def test_an_email_no_program_signs_is_signed_by_the_site(
    named, lsscp, staff, django_capture_on_commit_callbacks
):
    """A provider registers with the site, not with a program: its approval was signed by the
    default program ("Library Support Staff Certification Program · ALA …") and its button said
    "Open in Certify" whatever the site is called."""
    rmt_set_up(staff)  # a second program on the site: still neither program's e-mail
    person = UserFactory(roles=[Role.CANDIDATE])
    provider = courses.provider_register(
        actor=person, name="State Library", kind="state_library", contact_email="a@b.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        courses.provider_approve(provider=provider, actor=staff)
    [message] = [m for m in mail.outbox if m.to == [person.email]]
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert lsscp.name not in text
        assert lsscp.certifying_body not in text
        assert "Records Management Technician" not in text  # RMT's name
        assert NAME in text
    assert f"Open in {NAME}: http" in message.body
    assert "Open in Certify" not in message.body + html


def test_a_providers_colleague_invitation_is_signed_by_the_site(
    named, lsscp, staff, django_capture_on_commit_callbacks
):
    person = UserFactory(full_name="Pat Nguyen", roles=[Role.CANDIDATE])
    provider = courses.provider_register(
        actor=person, name="State Library", kind="state_library", contact_email="a@b.org"
    )
    courses.provider_approve(provider=provider, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        courses.provider_member_invite(provider=provider, actor=person, email="sam@x.example")
    email = OutgoingEmail.objects.get(to="sam@x.example")
    for text in (email.text_body, email.html_body):
        assert lsscp.name not in text
        assert f"{NAME} sent this e-mail on behalf of Pat Nguyen" in text
    assert f"a course provider on {NAME}" in email.text_body


SITE_CONTACT = "help@records-certification.example.org"


@pytest.mark.parametrize("contact", [SITE_CONTACT, ""])
def test_a_providers_colleague_invitation_says_where_to_report_abuse(
    named, lsscp, staff, settings, contact
):
    """Signed by the site, a colleague's invitation lost its "To report abuse, write to …" (it
    was the default program's contact). The site's own address, `SITE_CONTACT_EMAIL`, gives
    it; unset, the default program's contact stands in (a sponsor's invitation:
    tests/scholarships/test_colleague_invitations.py)."""
    settings.SITE_CONTACT_EMAIL = contact
    expected = contact or lsscp.contact_email
    person = UserFactory(full_name="Pat Nguyen", roles=[Role.CANDIDATE])
    provider = courses.provider_register(
        actor=person, name="State Library", kind="state_library", contact_email="a@b.org"
    )
    courses.provider_approve(provider=provider, actor=staff)
    courses.provider_member_invite(provider=provider, actor=person, email="sam@x.example")
    email = OutgoingEmail.objects.get(to="sam@x.example")
    assert f"To report abuse, write to {expected}." in email.text_body
    assert f'To report abuse, write to <a href="mailto:{expected}"' in email.html_body


def test_api_title_follows_the_setting_after_the_schema_is_kept(settings, db):
    first = api.get_openapi_schema(path_prefix="/api/v1/")
    settings.SITE_NAME = NAME
    assert api.get_openapi_schema(path_prefix="/api/v1/")["info"]["title"] == f"{NAME} API"
    assert first["info"]["title"] == "Certify API"


def test_a_wallet_of_a_site_of_several_programs_is_told_the_sites_name(named, lsscp, staff):
    """The issuer's name a wallet shows, when no one program's certifying body speaks for the
    site: it said "Certify" whatever the site is called."""
    from certify.certificates.services.wallet import issuer_metadata

    rmt_set_up(staff)
    assert issuer_metadata()["display"] == [{"name": NAME, "locale": "en-US"}]


@pytest.mark.database_free
def test_the_sender_of_every_email_is_named_after_the_site():
    """`DEFAULT_FROM_EMAIL` said "Certify <…>" whatever the site was called."""
    import os
    import subprocess
    import sys

    read = "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)"
    env = {k: v for k, v in os.environ.items() if k != "DEFAULT_FROM_EMAIL"}
    env |= {"SITE_NAME": NAME, "DJANGO_SETTINGS_MODULE": "certify.settings.test"}
    script = f"import django; django.setup(); {read}"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"{NAME} <no-reply@certify.invalid>"
