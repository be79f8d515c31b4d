"""Every request's body has a size limit, checked on its declared length before anything reads
it (ADR 0028): a request without a signed-in person or credentials gets
`ANONYMOUS_REQUEST_MAX_BYTES` (2 MB: the largest thing a visitor sends is a 1 MB badge image),
everyone `REQUEST_MAX_BYTES` (twice the largest evidence file). Before this, a visitor's POST to
any page was parsed to disk whole (the CSRF check reads the form) however large it was, even past
the visitor's rate limit."""

import pytest
from django.conf import settings
from django.urls import reverse

from certify.accounts.models import Role
from tests.factories import UserFactory

MB = 1024 * 1024


def _declared(client, path: str, length: int, **extra):
    """A POST that says it carries `length` bytes but holds one: reading it fails the test (the
    test client's stream refuses to give more than it has)."""
    return client.generic(
        "POST",
        path,
        b"x",
        content_type="multipart/form-data; boundary=BOUNDARY",
        CONTENT_LENGTH=str(length),
        **extra,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/verify/credential/", "/accounts/signup/", "/no-such-page/"],
)
def test_a_visitors_large_post_to_a_page_is_refused_unread(client, path):
    response = _declared(client, path, 3 * MB)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.text
    assert "<h1>What you sent is too large</h1>" in page
    assert "at most 2 MB" in page
    assert "Where to go from here" in page  # the site's error layout
    assert "Content-Security-Policy" in response.headers  # through the other middleware
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_programs_large_post_gets_a_problem_document(client):
    response = _declared(client, "/api/v1/certificates/verify-credential", 3 * MB)
    assert response.status_code == 413
    problem = response.json()
    assert problem["type"] == "/api/v1/problems/request-too-large"
    assert problem["limit"] == settings.ANONYMOUS_REQUEST_MAX_BYTES
    assert problem["detail"] == "The request is 3 MB; at most 2 MB is accepted."
    wallet = _declared(client, "/oid4vci/credential", 3 * MB)
    assert wallet.status_code == 413
    assert wallet.json()["error"] == "request_too_large"


@pytest.mark.django_db
def test_a_body_at_the_visitors_limit_is_read_as_before(client):
    body = b"a=" + b"x" * (settings.ANONYMOUS_REQUEST_MAX_BYTES - 2)
    response = client.generic(
        "POST", "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code != 413


@pytest.mark.django_db
def test_signed_in_people_send_uploads_but_not_without_end(client):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    url = reverse("notifications:read_all")
    body = b"a=" + b"x" * (3 * MB)
    assert (
        client.generic(
            "POST", url, body, content_type="application/x-www-form-urlencoded"
        ).status_code
        == 302
    )
    too_big = _declared(client, url, settings.REQUEST_MAX_BYTES + 1)
    assert too_big.status_code == 413
    assert "at most 50 MB" in too_big.text


@pytest.mark.django_db
def test_a_request_with_credentials_gets_the_upload_limit(client):
    """A token or provider key is checked by the API after the body is read: a request carrying
    one gets the upload limit (bounded), and the API refuses a made-up credential as before."""
    body = b'{"program": "' + b"x" * (3 * MB) + b'"}'
    with_token = client.generic(
        "POST",
        "/api/v1/applications",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer not-a-token",
    )
    assert with_token.status_code == 401
    huge = _declared(
        client, "/api/v1/applications", settings.REQUEST_MAX_BYTES + 1, HTTP_X_API_KEY="not-a-key"
    )
    assert huge.status_code == 413
    assert huge.json()["limit"] == settings.REQUEST_MAX_BYTES


@pytest.mark.django_db
def test_a_length_that_is_no_number_is_refused(client):
    response = _declared(client, "/api/v1/applications", 10**30)
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "The request's declared size cannot be read; at most 2 MB is accepted."
    )
