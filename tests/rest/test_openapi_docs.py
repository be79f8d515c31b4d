"""Every operation in /api/v1/openapi.json is documented: a new endpoint must comply.

Each operation has a summary, a description, a capability tag and at least one declared 4xx
response that is a problem document; an operation with a JSON body or a JSON response has an
example (on the operation or on its schema), and every example matches its schema. An operation
that needs authentication takes a personal access token with a scope, or a provider API key.
"""

import json
from typing import Any

import jsonschema_rs
import pytest

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


PROBLEM = "application/problem+json"
HOW = (
    "Document every operation (see certify/rest/openapi.py): `summary=`, a docstring, the "
    "router's tag, `model_config = example({...})` on its In/Out schemas (or "
    "`openapi_extra=examples(...)`), `**problems(...)` for extra 4xx.\n"
)
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The document /api/v1/openapi.json serves, as JSON (status codes become text)."""
    from certify.rest.api import api

    return json.loads(json.dumps(api.get_openapi_schema()))


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _schema_examples(schema, node, depth=0):
    """Examples on a schema, or on what it lists (arrays, a page's `items`)."""
    node = _resolve(schema, node)
    if not isinstance(node, dict) or depth > 3:
        return []
    if node.get("examples"):
        return node["examples"]
    if node.get("type") == "array":
        return _schema_examples(schema, node.get("items", {}), depth + 1)
    if set(node.get("properties", {})) == {"items", "count"}:  # a page of results
        return _schema_examples(schema, node["properties"]["items"], depth + 1)
    return []


def _media_examples(media):
    found = list(media.get("examples", {}).values())
    found = [e.get("value") for e in found if isinstance(e, dict)]
    if "example" in media:
        found.append(media["example"])
    return found


def _check(schema, node, value, where):
    validator = jsonschema_rs.Draft202012Validator({**node, "components": schema["components"]})
    return [
        f"{where}: {e.message} at {list(e.instance_path)}" for e in validator.iter_errors(value)
    ]


def test_every_operation_has_a_summary_description_and_capability_tag(schema):
    missing = [
        f"{name}: {what}"
        for name, op in _operations(schema)
        for what in ("summary", "description", "tags")
        if not op.get(what)
    ]
    assert not missing, HOW + "\n".join(missing)


def test_every_operation_declares_its_problem_responses(schema):
    missing = []
    for name, op in _operations(schema):
        problems = [
            code
            for code, response in op["responses"].items()
            if code.startswith("4") and PROBLEM in response.get("content", {})
        ]
        if not problems:
            missing.append(name)
        for code, response in op["responses"].items():
            if code.startswith(("4", "5")) and set(response.get("content", {})) != {PROBLEM}:
                missing.append(f"{name} {code}: not a problem document")
        if op.get("security") and not {"401", "403"} <= set(op["responses"]):
            missing.append(f"{name}: needs authentication but declares no 401/403")
    assert not missing, "\n".join(missing)


def test_every_json_body_and_response_has_an_example_that_fits(schema):
    missing, wrong = [], []
    for name, op in _operations(schema):
        media = op.get("requestBody", {}).get("content", {}).get("application/json")
        if media is not None:
            found = _media_examples(media) or _schema_examples(schema, media["schema"])
            if not found:
                missing.append(f"{name}: request body")
            for value in found:
                wrong += _check(schema, media["schema"], value, f"{name} request example")
        for code, response in op["responses"].items():
            media = response.get("content", {}).get("application/json")
            if not code.startswith("2") or media is None:
                continue
            own = _media_examples(media)
            found = own or _schema_examples(schema, media["schema"])
            if not found:
                missing.append(f"{name}: {code} response")
            for value in own:
                wrong += _check(schema, media["schema"], value, f"{name} {code} example")
    for name, component in schema["components"]["schemas"].items():
        for value in component.get("examples", []):
            wrong += _check(schema, component, value, f"schema {name} example")
    assert not wrong, "examples that do not fit their schema:\n" + "\n".join(wrong)
    assert not missing, HOW + "no example:\n" + "\n".join(missing)


def test_authenticated_operations_take_a_scoped_token_or_a_provider_key(schema):
    """The site's session alone is not enough: integrators need a token or a key."""
    wrong = []
    for name, op in _operations(schema):
        security = op.get("security")
        if not security:
            continue
        schemes = {
            scheme: scopes for requirement in security for scheme, scopes in requirement.items()
        }
        if "TokenAuth" in schemes:
            if len(schemes["TokenAuth"]) != 1:
                wrong.append(f"{name}: a token without exactly one scope")
        elif not {"ProviderKeyBearer", "ProviderKeyHeader"} <= set(schemes):
            wrong.append(f"{name}: neither a personal access token nor a provider key")
    assert not wrong, "\n".join(wrong)


# Served, the document reads the programs the site runs (its example numbers are in their
# letters): tests/rest/test_programs_api.py fetches it.


def test_no_two_schemas_share_a_name_so_each_operation_shows_its_own_body(schema):
    """ninja names a component after its class: two classes of one name merge into one, and one
    operation is documented with the other's fields (as the scholarship decision once was, with
    the application decision's choices)."""
    path = "/api/v1/sponsor/scholarships/applications/{pk}/decision"
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    component = schema["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
    assert "award" in str(component)
    assert "accept" not in str(component)


def test_the_schema_is_built_once_and_each_caller_gets_its_own_copy():
    """Kept per process (certify/rest/openapi.py): the same document as building it afresh, and
    a caller's change reaches nobody else."""
    from ninja import Router
    from ninja.errors import ConfigError
    from ninja.responses import NinjaJSONEncoder

    from certify.rest.api import api
    from certify.rest.openapi import CertifyAPI, CertifySchema

    fresh = json.loads(json.dumps(CertifySchema(api, api.get_root_path({})), cls=NinjaJSONEncoder))
    first = api.get_openapi_schema()
    assert first == fresh
    first["paths"].clear()
    assert api.get_openapi_schema() == fresh

    # Nothing can be added once it is built (django-ninja freezes the routers), so a kept
    # schema cannot miss an operation.
    small = CertifyAPI(urls_namespace="openapi-kept-test")
    one = Router()
    one.get("/one", summary="One")(lambda request: 1)
    small.add_router("/a/", one)
    assert set(small.get_openapi_schema(path_prefix="/api/")["paths"]) == {"/api/a/one"}
    two = Router()
    two.get("/two", summary="Two")(lambda request: 2)
    with pytest.raises(ConfigError, match="after URLs have been generated"):
        one.add_router("/b/", two)


def test_a_courses_tuition_is_described_in_its_programs_currency(schema):
    """Programs charge in their own currency (ADR 0055): the tuition is not said in dollars."""
    described = [
        _resolve(schema, node)["properties"]["cost_cents"]["description"]
        for name, node in schema["components"]["schemas"].items()
        if name.startswith("CourseIn") and "cost_cents" in node.get("properties", {})
    ]
    assert described
    for text in described:
        assert "program's currency" in text
        assert "dollar" not in text


def test_the_amount_examples_are_integer_cents_that_add_up(schema):
    """Every `…_cents` example is an integer, and the examples that belong together agree: an
    invoice's lines make its total, its payments what was paid and its balance what is left; a
    refund is at most what is refundable; a confirmed member is re-priced to the member fee;
    a fund's budget is its awards, spent, committed and remaining; an award is the fund's."""
    from certify.rest.openapi import EXAMPLE_RULES

    def example_of(name):
        return schema["components"]["schemas"][name]["examples"][0]

    def cents(node, where, inside=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if inside and key.endswith("_cents"):  # a change is [old, new]
                    amounts = value if isinstance(value, list) else [value]
                    assert all(type(a) is int or a is None for a in amounts), f"{where}.{key}"
                elif not inside and key == "properties":
                    for name, field in value.items():
                        kinds = {field.get("type")} | {
                            k.get("type") for k in field.get("anyOf", [])
                        }
                        assert not name.endswith("_cents") or "integer" in kinds, f"{where}.{name}"
                cents(value, f"{where}.{key}", inside or key in ("example", "examples"))
        elif isinstance(node, list):
            for item in node:
                cents(item, where, inside)

    cents(schema, "document")
    for name in ("InvoiceOut", "InvoiceDetailOut"):
        invoice = example_of(name)
        assert invoice["total_cents"] == sum(line["amount_cents"] for line in invoice["lines"])
        balance = invoice["total_cents"] - invoice["paid_cents"] + invoice["refunded_cents"]
        assert invoice["balance_cents"] == balance
        assert invoice["amount_due_cents"] == max(balance, 0)
    detail = example_of("InvoiceDetailOut")
    assert sum(p["amount_cents"] for p in detail["payments"]) == detail["paid_cents"]
    assert all(p["invoice"] == detail["code"] for p in detail["payments"])
    refund = example_of("RefundIn")
    assert 0 < refund["amount_cents"] <= refund["refundable_cents"] <= detail["total_cents"]
    assert example_of("RefundOut")["amount_cents"] <= detail["total_cents"]
    repriced = example_of("RepriceIn")
    assert "member" in repriced["reason"].lower()
    assert repriced["amount_cents"] == EXAMPLE_RULES["member_fee_cents"]
    fund = example_of("FundTotalsOut")
    assert fund["budget_cents"] == fund["award_cents"] * fund["max_awards"]
    spent = fund["committed_cents"] + fund["paid_cents"] + fund["remaining_cents"]
    assert fund["budget_cents"] == spent
    assert fund["awards_left"] == fund["max_awards"] - fund["awards_made"]
    new_fund = example_of("FundIn")
    assert new_fund["budget_cents"] == new_fund["award_cents"] * new_fund["max_awards"]
    award = example_of("FundOut")["award_cents"]
    assert example_of("AwardOut")["amount_cents"] == award
    assert example_of("AwardPaymentOut")["amount_cents"] == award


def test_the_prose_names_no_program(schema):
    """Descriptions and summaries are the same for every program: they never name LSSCP (an
    example number, "LSSCP-2031-…", is written in the site's letters when served) nor quote a
    slug of its own."""
    import re

    found = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("example", "examples"):
                    continue
                if key in ("description", "summary") and isinstance(value, str):
                    if re.search(r"LSSCP(?!-)|lsscp|ALA-APA|\$", value):
                        found.append(f"{where}: {value[:120]}")
                else:
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(schema, "")
    assert not found, "\n".join(found)
