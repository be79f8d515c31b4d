"""Failed requests answer people with a page in the site's look (the stylesheet, a heading, a way
home, the program's contact) and programs with JSON. The 500 and 503 pages render without the
database and without the request, and promise nothing the server cannot know
(certify/core/error_pages.py)."""

import json
import re
import sys

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from certify import urls
from certify.core import error_pages, ratelimit
from certify.programs.contact import program_contact_forget
from certify.settings import base
from tests.factories import UserFactory

CONTACT = "help@lsscp-staff.example.org"  # not the data file's: read from the database


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    program_contact_forget()
    yield
    cache.clear()
    program_contact_forget()


@pytest.fixture
def program(lsscp):
    lsscp.contact_email = CONTACT
    lsscp.save(update_fields=["contact_email"])
    return lsscp


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def assert_site_page(response, status: int, heading: str, *, contact: str = CONTACT) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/certify/css/site.css">' in html
    assert re.search(r"<h1>[^<]*" + re.escape(heading), html), html
    assert '<a href="/">Go to the home page</a>' in html
    assert f'<a href="mailto:{contact}">{contact}</a>' in html
    # Help where every other page has it, first in the footer (WCAG 3.2.6 Consistent Help).
    footer = html[html.index('<footer class="site-footer">') :]
    assert re.search(
        r'^\s*<p class="site-footer__help"><a href="/programs/lsscp/faq/">',
        footer[footer.index('<div class="wrap">') + len('<div class="wrap">') :],
    ), footer
    # The site's CSP holds: no inline style or script.
    assert "style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    return html


def test_the_handlers_are_the_sites():
    assert urls.handler400 == "certify.core.error_pages.bad_request"
    assert urls.handler403 == "certify.core.error_pages.permission_denied"
    assert urls.handler404 == "certify.core.error_pages.page_not_found"
    assert urls.handler500 == "certify.core.error_pages.server_error"
    assert urls.handler429 == "certify.accounts.adapter.rate_limited"


def test_404_is_the_sites_page_with_the_programs_contact(client, program):
    response = client.get("/no-such-page/")
    assert_site_page(response, 404, "We could not find that page")
    assert "Content-Security-Policy" in response


def test_403_is_the_sites_page(client, program):
    client.force_login(UserFactory())
    html = assert_site_page(client.get(reverse("core:audit")), 403, "You are not allowed")
    assert "Your account does not have the role this page needs" in html


def test_a_form_with_an_old_token_gets_the_sites_page_not_djangos(program):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("account_login"), {"login": "a@example.org"})
    html = assert_site_page(response, 403, "This form has expired")
    assert "CSRF" not in html  # Django's own page speaks of CSRF cookies and tokens
    assert "reload the page" in html
    assert response[error_pages.REFUSED_HEADER] == "csrf"  # drafts.js tells it from a refusal


def test_a_403_that_refuses_the_person_is_not_marked_as_the_csrf_checks(client, program):
    client.force_login(UserFactory())
    assert error_pages.REFUSED_HEADER not in client.get(reverse("core:audit")).headers


def test_400_is_the_sites_page(program):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    assert_site_page(error_pages.bad_request(request), 400, "We could not read that request")


def test_a_request_for_another_host_is_answered_400_in_the_sites_look(browser, program):
    response = browser.get("/", HTTP_HOST="certify.evil.example")
    assert_site_page(response, 400, "We could not read that request")


def test_429_is_the_sites_page_with_retry_after(client, program, settings, one_rate_window):
    settings.PAGE_RATES = {**base.PAGE_RATES, "pages": "1/m"}
    client.get("/no-such-page/")
    response = client.get("/no-such-page/")
    html = assert_site_page(response, 429, "Please wait a moment")
    assert int(response["Retry-After"]) >= 1
    assert "Please try again in about" in html


def test_500_is_the_sites_page_and_promises_nothing_it_cannot_know(browser, program, monkeypatch):
    from certify.certificates import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.selectors, "certificate_for_verification", broken)
    browser.get("/no-such-page/")  # a page that read the contact: the process remembers it
    html = assert_site_page(browser.get("/verify/LSSCP-2026-000001/"), 500, "Something went wrong")
    assert "lost" not in html
    assert "saved" not in html
    assert "Sign in" not in html  # rendered without the request: it knows nobody


def test_500_renders_while_the_database_is_unavailable(program, django_db_blocker):
    """With every database access refused (pytest-django's blocker raises on any query), the
    handler still renders the full page, with the contact last read."""
    page = Client().get("/no-such-page/")  # reads the contact from the database
    assert CONTACT in page.content.decode()
    request = RequestFactory().get("/payments/")
    with django_db_blocker.block():
        try:
            raise RuntimeError("a bug")
        except RuntimeError:
            response = error_pages.server_error(request)
    assert_site_page(response, 500, "Something went wrong on our side")


def test_before_any_read_the_static_pages_show_the_data_files_contact(django_db_blocker):
    request = RequestFactory().get("/")
    with django_db_blocker.block():
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            response = error_pages.server_error(request)
    html = assert_site_page(response, 503, "briefly unavailable", contact="lsscp@certify.invalid")
    assert response["Retry-After"] == "30"
    assert "saved" not in html


SITE_CONTACT = "help@records-certification.example.org"


def test_the_error_pages_give_the_sites_own_contact_when_it_has_one(
    client, program, settings, django_db_blocker
):
    """The site, not a program, speaks on an error page: with `SITE_CONTACT_EMAIL` set, that is
    whom to write to, on the 404 and on the static 503 (no database needed)."""
    settings.SITE_CONTACT_EMAIL = SITE_CONTACT
    settings.SITE_NAME = "Records Certification Online"
    html = assert_site_page(client.get("/no-such-page/"), 404, "We could not", contact=SITE_CONTACT)
    assert "Questions? Write to Records Certification Online at" in html
    assert CONTACT not in html
    assert "staff of the" not in html
    with django_db_blocker.block():
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            response = error_pages.server_error(RequestFactory().get("/"))
    html = assert_site_page(response, 503, "briefly unavailable", contact=SITE_CONTACT)
    assert "lsscp@certify.invalid" not in html


@pytest.mark.django_db
def test_a_page_while_the_database_is_gone_is_the_static_503(browser, program, monkeypatch):
    browser.get("/no-such-page/")

    def refused(self, sql, params=None):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refused)
    response = browser.get("/verify/LSSCP-2026-000001/")
    assert_site_page(response, 503, "Certify is briefly unavailable")


# --- Programs get JSON ---------------------------------------------------------------------------


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["detail"]
    return body


def test_an_unknown_api_address_is_a_json_404(client, program):
    body = assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert body["type"] == "/api/v1/problems/not-found"
    assert body["instance"] == "/api/v1/no-such-thing"


def test_a_client_that_asks_for_json_gets_json(client, program):
    assert_problem(client.get("/no-such-page/", HTTP_ACCEPT="application/json"), 404)
    # A browser asks for HTML first: the page.
    browser_accept = "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"
    assert client.get("/no-such-page/", HTTP_ACCEPT=browser_accept)["Content-Type"].startswith(
        "text/html"
    )


def test_a_wallet_over_its_limit_gets_json_429_with_oauths_error(
    client, program, settings, one_rate_window
):
    settings.PAGE_RATES = {**base.PAGE_RATES, "wallet": "1/m"}
    client.post("/oid4vci/nonce")
    response = client.post("/oid4vci/nonce")
    body = assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1
    assert body["error"] == "too_many_requests"
    assert body["error_description"].startswith("Too many requests from you")


def test_a_json_500_on_an_api_path(program):
    request = RequestFactory().get("/oid4vci/credential")
    try:
        raise ValueError("a bug")
    except ValueError:
        assert sys.exc_info()[0] is ValueError
        assert_problem(error_pages.server_error(request), 500)


@override_settings(JSON_ERROR_PATHS=("/api/",))
def test_the_json_paths_are_a_setting():
    assert error_pages.wants_json(RequestFactory().get("/api/v1/x"))
    assert not error_pages.wants_json(RequestFactory().get("/oid4vci/nonce"))


def test_the_429_words_are_the_same_for_pages_and_programs():
    assert ratelimit.wait_words(45) == "in about 45 seconds"
