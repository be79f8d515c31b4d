"""A query parameter an operation does not declare is refused, not ignored (docs/integration.md,
"What a 422 says"; `rest/query.py`). Before December 2026 `GET /staff/applications?staus=submitted`
listed every application with a 200, the misspelt filter dropped without a word.

Generated from the OpenAPI document: every operation, new ones included, answers an unknown
parameter with a 422 naming it, and reads exactly the parameters the document lists for it.
"""

import pytest

from certify.rest.api import api
from certify.rest.query import declared_parameters
from tests.rest.test_unreadable_bodies import (  # noqa: F401
    METHODS,
    SCHEMA,
    _url,
    credentials,
)

LEAVE_OUT = "Leave this out: this operation does not take it."
PROBLEM = "application/problem+json"


def _operations():
    for path, item in SCHEMA["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                schemes = {s for req in op.get("security", []) for s in req}
                yield pytest.param(method, path, schemes, id=f"{method.upper()} {path}")


OPERATIONS = list(_operations())
GETS = [op for op in OPERATIONS if op.values[0] == "get"]


def _documented() -> dict[str, set[str]]:
    """Each operation's query parameters as the document lists them, by operation id."""
    return {
        op["operationId"]: {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        for item in SCHEMA["paths"].values()
        for method, op in item.items()
        if method in METHODS
    }


def _bound_operations():
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_every_operation_is_found():
    assert len(GETS) > 60, len(GETS)
    assert len(OPERATIONS) > 190, len(OPERATIONS)


@pytest.mark.database_free
def test_each_operation_reads_the_parameters_the_document_lists():
    """Pagination's `page` and `page_size`, a filter schema's fields, a single parameter: what
    the operation takes is what the document says it takes, no more and no less."""
    documented = _documented()
    checked = 0
    for operation in _bound_operations():
        if not operation.include_in_schema:
            continue
        operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
        assert declared_parameters(operation) == documented[operation_id], operation_id
        checked += 1
    assert checked == len(OPERATIONS)
    assert sum(1 for names in documented.values() if {"page", "page_size"} <= names) >= 20


@pytest.mark.parametrize(("method", "path", "schemes"), OPERATIONS)
def test_an_unknown_parameter_is_a_422_naming_it(client, credentials, method, path, schemes):  # noqa: F811
    """Every operation, reading or writing: the parameter is named with a body's unknown field's
    words, whatever else is wrong with the request (here: no body, ids that may not exist)."""
    url = _url(path, credentials.provider_id) + "?zz_not_taken=1"
    response = client.generic(method.upper(), url, headers=credentials(schemes))
    sent = f"{method.upper()} {url}"
    assert response.status_code == 422, f"{sent} -> {response.status_code}"
    assert response["Content-Type"] == PROBLEM, sent
    problem = response.json()
    assert problem["type"] == "/api/v1/problems/validation", sent
    assert problem["title"] == "The request is not valid", sent
    assert {"field": "zz_not_taken", "message": LEAVE_OUT} in problem["errors"], sent


def test_a_misspelt_filter_says_which_one_was_meant(client, credentials):  # noqa: F811
    response = client.get(
        "/api/v1/staff/applications?staus=submitted", headers=credentials({"TokenAuth"})
    )
    assert response.status_code == 422
    words = f"{LEAVE_OUT} Did you mean status?"
    assert response.json()["errors"] == [{"field": "staus", "message": words}]
    assert response.json()["detail"] == f"staus: {words}"


def test_every_wrong_input_is_named_in_one_answer(client, credentials):  # noqa: F811
    """A declared parameter out of bounds and two unknown ones (one sent twice): one 422 naming
    each once, pagination's own included."""
    url = "/api/v1/staff/applications?page=0&pagesize=5&colour=red&colour=blue"
    response = client.get(url, headers=credentials({"TokenAuth"}))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "page", "message": "Enter 1 or more."},
        {"field": "pagesize", "message": f"{LEAVE_OUT} Did you mean page_size?"},
        {"field": "colour", "message": LEAVE_OUT},
    ]


def test_declared_parameters_are_read_as_before(client, credentials):  # noqa: F811
    headers = credentials({"TokenAuth"})
    response = client.get("/api/v1/staff/applications?status=submitted&page=1", headers=headers)
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []
    assert client.get("/api/v1/programs?page_size=5").status_code == 200


def test_credentials_are_checked_before_parameters(client, db):
    """Nothing about an operation's inputs is told to a caller it does not let in."""
    response = client.get("/api/v1/staff/applications?staus=submitted")
    assert response.status_code == 401


def test_a_public_operation_refuses_one_too(client, db):
    response = client.get("/api/v1/programs?sort=name")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "sort", "message": LEAVE_OUT}]


def test_what_a_link_carrier_adds_is_let_through(client, db):
    """A shared link to a certificate's verification JSON that gathered a campaign tag or a
    click id on the way still answers as the link without them (here: no such certificate)."""
    base = "/api/v1/certificates/LSSCP-C-000404"
    plain = client.get(base)
    tagged = client.get(f"{base}?utm_source=newsletter&utm_medium=email&fbclid=AbC&gclid=x")
    assert tagged.status_code == plain.status_code == 404
    assert client.get(f"{base}?utm=1").status_code == 422  # not a carrier's
