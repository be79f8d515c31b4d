"""The account pages are the site's, not a program's: a closed account, a confirmation or reset
e-mail that does not come, an address confirmed by another account. Whom to write to there is
the site's own contact (`SITE_CONTACT_EMAIL`), else the default program's address; they no longer
send a person to "the program's staff" through the default program's questions and answers."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from certify.programs.contact import program_contact_forget
from tests.factories import UserFactory

SITE_CONTACT = "help@records-certification.example.org"
PROGRAM_CONTACT = "help@lsscp-staff.example.org"


@pytest.fixture(autouse=True)
def _site(settings, lsscp):
    program_contact_forget()
    lsscp.contact_email = PROGRAM_CONTACT
    lsscp.save(update_fields=["contact_email"])
    settings.SITE_NAME = "Records Certification Online"
    yield
    program_contact_forget()


def confirmed_elsewhere_url() -> str:
    """A confirmation link for an address another account has confirmed since."""
    UserFactory(email="shared@example.org")  # its address confirmed
    late = UserFactory(email="late@example.org")
    address = EmailAddress.objects.create(
        user=late, email="shared@example.org", verified=False, primary=False
    )
    return reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])


PAGES = {
    "This account is closed": lambda: reverse("account_inactive"),
    "Check your e-mail (signed up)": lambda: reverse("account_email_verification_sent"),
    "Reset your password": lambda: reverse("account_reset_password"),
    "Check your e-mail (reset)": lambda: reverse("account_reset_password_done"),
    "Confirm your e-mail address": confirmed_elsewhere_url,
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PAGES))
def test_an_account_page_gives_the_sites_contact(client, settings, page):
    settings.SITE_CONTACT_EMAIL = SITE_CONTACT
    response = client.get(PAGES[page]())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'Write to Records Certification Online at <a href="mailto:{SITE_CONTACT}">' in (
        html.replace("write to", "Write to")
    )
    assert "program's staff" not in html
    assert PROGRAM_CONTACT not in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert reverse("programs:faq", kwargs={"slug": "lsscp"}) not in main


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PAGES))
def test_without_its_own_address_the_site_gives_the_default_programs(client, settings, page):
    settings.SITE_CONTACT_EMAIL = ""
    html = client.get(PAGES[page]()).content.decode()
    assert f'<a href="mailto:{PROGRAM_CONTACT}">{PROGRAM_CONTACT}</a>' in html
    assert "program's staff" not in html
