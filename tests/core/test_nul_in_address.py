"""A NUL (`%00`) in a request's path or query is refused with 400 before any view reads it: on
PostgreSQL, which cannot hold NUL in text, the verification page and the catalogue answered
such an address from any visitor with a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/verify/LSSCP-2026-A%00B/",
        "/courses/?program=ab%00c",
        "/register/?name=abc%00d",
        "/no-such-page%00/",
    ],
)
def test_a_nul_in_a_pages_address_is_a_400_page(client, lsscp, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "We could not read that request" in response.text
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    "url", ["/api/v1/certificates/verify/A%00B", "/api/v1/courses?program=ab%00c"]
)
def test_a_nul_in_an_api_address_is_a_400_problem(client, lsscp, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["type"] == "/api/v1/problems/bad-request"


def test_an_address_without_one_is_served_as_before(client, lsscp):
    assert client.get("/courses/?program=lsscp").status_code == 200
    assert client.get("/courses/?q=100%25").status_code == 200  # "%25" is a percent sign
