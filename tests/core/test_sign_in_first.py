"""A form posted after the session ended leads to the sign-in page and back to the page it was
on, not to the 404 a stranger gets for someone's application (`core.decorators.sign_in_first`).
"""

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _login(back: str) -> str:
    return f"/accounts/login/?next={quote(back, safe='/')}"


def test_a_form_posted_after_the_session_ended_leads_to_sign_in_and_back_to_its_page(client):
    application = ApplicationFactory()
    page = reverse("applications:detail", args=[application.pk])
    response = client.post(
        reverse("applications:submit", args=[application.pk]),
        HTTP_REFERER=f"http://testserver{page}?tab=experience",
    )
    assert response.status_code == 302
    assert response["Location"] == _login(f"{page}?tab=experience")


def test_the_way_back_is_never_another_site(client):
    application = ApplicationFactory()
    response = client.post(
        reverse("applications:submit", args=[application.pk]),
        HTTP_REFERER="https://elsewhere.example/phish",
    )
    assert response["Location"] == _login("/")


@pytest.mark.parametrize("path", ["//elsewhere.example/phish", "/\\elsewhere.example/phish"])
def test_a_page_of_ours_whose_path_reads_as_another_site_is_no_way_back(client, path):
    """A Referer on this site whose path starts with two slashes (or a slash and a backslash)
    would make `next` a protocol-relative address, another site to a browser: the way back is
    then the home page. Signing in with such a `next` also lands on the account home."""
    application = ApplicationFactory()
    response = client.post(
        reverse("applications:submit", args=[application.pk]),
        HTTP_REFERER=f"http://testserver{path}",
    )
    assert response["Location"] == _login("/")
    person = application.candidate
    person.set_password("a long enough password 1")
    person.save()
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    signed_in = client.post(
        f"/accounts/login/?next={quote(path, safe='/')}",
        {"login": person.email, "password": "a long enough password 1"},
    )
    assert signed_in.status_code == 302
    assert "elsewhere" not in signed_in["Location"]


def test_htmx_and_the_drafts_autosave_get_401_with_the_sign_in_page_to_go_to(client):
    application = ApplicationFactory()
    page = reverse("applications:detail", args=[application.pk])
    response = client.post(
        reverse("applications:education", args=[application.pk]),
        HTTP_REFERER=f"http://testserver{page}",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 401  # drafts.js: "Your session ended: sign in again to save"
    assert response["HX-Redirect"] == _login(page)
    assert "Location" not in response


def test_an_unknown_id_sends_a_visitor_to_sign_in_too(client):
    """Signing in tells a visitor nothing about which ids exist."""
    response = client.post(reverse("applications:submit", args=[987654]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_autosave_behind_a_permission_gets_401_too_not_the_sign_in_page_in_its_status(client):
    """A reviewer's rating and a course's map autosave with htmx: a redirect would be followed
    by the request itself and put the sign-in page where "Saved" goes, the change lost."""
    page = "/portfolios/reviews/5/"
    for url in (
        reverse("portfolios:rating", args=[5, 7]),
        reverse("courses:course_map", args=[1, 2, 3]),
    ):
        response = client.post(
            url,
            {"comment": "Clear."},
            HTTP_REFERER=f"http://testserver{page}",
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 401
        assert response["HX-Redirect"] == _login(page)
    # Without htmx, as before: to sign in and back to the address.
    response = client.post(reverse("portfolios:rating", args=[5, 7]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_htmx_poll_goes_back_to_the_page_it_is_on_not_to_its_fragment(client):
    page = "/providers/1/imports/2/"
    response = client.get(
        reverse("courses:import_progress", args=[1, 2]),
        HTTP_REFERER=f"http://testserver{page}",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 401
    assert response["HX-Redirect"] == _login(page)
