"""A method an address under /api/ does not serve (a POST to a list that only reads, a DELETE
where nothing is deleted) is a failure of the API like any other: docs/integration.md promises
an RFC 9457 problem document for every failure under /api/, and an `Allow` header says which
methods are served (RFC 9110). Walked from the schema: every path, every method it lacks.

Found by the REST API's outsider pass (December 2026): django-ninja answered these itself with a
bare `405` in `text/html` ("Method not allowed"), before any of the site's error handlers; the
API's URLs now answer it as a problem document (`CertifyAPI._problem_when_not_allowed`).
"""

import pytest

from certify.rest.api import api

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


def unserved() -> list[tuple[str, str]]:
    pairs = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        url = path
        while "{" in url:
            start = url.index("{")
            url = url[:start] + "1" + url[url.index("}", start) + 1 :]
        pairs += [(method, url) for method in METHODS if method not in ops]
    return pairs


def test_the_walk_finds_unserved_methods():
    assert len(unserved()) > 300


def test_an_unserved_method_is_a_problem_document_with_allow(client):
    wrong = []
    for method, url in unserved():
        answer = client.generic(method.upper(), url)
        if answer.status_code != 405:
            continue  # an address another operation serves (e.g. /…/mine for /…/{id})
        if not answer["Content-Type"].startswith("application/problem+json") or not answer.get(
            "Allow"
        ):
            wrong.append(f"{method.upper()} {url}: {answer['Content-Type']}")
    assert not wrong, "\n".join(wrong[:20])


def test_the_405_says_which_methods_the_address_takes(client):
    answer = client.post("/api/v1/programs")
    assert answer.status_code == 405
    assert answer["Allow"] == "GET"
    body = answer.json()
    assert body["type"] == "/api/v1/problems/method-not-allowed"
    assert body["title"] == "Method not allowed"
    assert body["status"] == 405
    assert body["detail"] == "This address does not take POST; it takes GET."
    assert body["instance"] == "/api/v1/programs"


def test_an_address_serving_several_methods_lists_them_all(client):
    """`/webhooks/endpoints/{id}` is read, changed and deleted, not posted to."""
    paths = api.get_openapi_schema()["paths"]
    served = sorted(m.upper() for m in paths["/api/v1/webhooks/endpoints/{endpoint_id}"])
    answer = client.post("/api/v1/webhooks/endpoints/1")
    assert answer.status_code == 405
    assert answer["Allow"].split(", ") == served
    assert len(served) > 1


def test_an_unknown_address_under_the_api_is_a_problem_document(client):
    for method in ("get", "post", "delete"):
        answer = client.generic(method.upper(), "/api/v1/no-such-thing")
        assert answer.status_code == 404, method
        assert answer["Content-Type"].startswith("application/problem+json"), method
        assert answer.json()["status"] == 404
