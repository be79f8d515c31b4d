"""A method an address under /api/ does not serve (a POST to a list that only reads, a DELETE
where nothing is deleted) is a failure of the API like any other: docs/integration.md promises
an RFC 9457 problem document for every failure under /api/, and an `Allow` header says which
methods are served (RFC 9110). Walked from the schema: every path, every method it lacks.

Found by the REST API's outsider pass (December 2026): django-ninja answers these itself with a
bare `405` in `text/html` ("Method not allowed"), before any of the site's error handlers, so a
client reading problem documents gets a page instead. Left open here, strict, for a fix in the
API's error handling (outside the pass's area).
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


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="django-ninja's own 405 is text/html")
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
