"""A field an operation does not take is refused, not dropped (docs/integration.md, "What a 422
says"; `rest/schemas.py`). Before December 2026 every body schema dropped it silently: a
misspelt `is_pubic` left the profile as it was and answered 200.

Generated from the operations: every JSON body schema (and every object inside one) refuses
fields it does not declare, the OpenAPI document says so (`additionalProperties: false`), and
every operation taking a JSON body answers an unknown field with a 422 naming it.
"""

import json
import typing

import pytest
from pydantic import BaseModel

from certify.rest.api import api
from certify.rest.schemas import InputSchema
from tests.rest.test_unreadable_bodies import OPERATIONS, OWN_READING, _url, credentials  # noqa: F401

LEAVE_OUT = "Leave this out: this operation does not take it."
# Bodies that take fields they do not declare: none since December 2026 (a program's settings
# section declared every setting then; `rest/program_setup.py`).
OPEN_BODIES: set[type[BaseModel]] = set()


def _models_in(annotation, found: set[type[BaseModel]]) -> None:
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    if is_model and annotation not in found:
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
    for argument in typing.get_args(annotation):
        _models_in(argument, found)


def body_models() -> set[type[BaseModel]]:
    """Every model a JSON body of an operation is read with, nested ones included."""
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    if getattr(model, "__ninja_param_source__", None) == "body":
                        for field in model.model_fields.values():
                            _models_in(field.annotation, found)
    return found


@pytest.mark.database_free
def test_every_body_schema_refuses_a_field_it_does_not_declare():
    models = body_models()
    assert len(models) > 75, len(models)
    loose = sorted(
        f"{m.__module__}.{m.__name__}"
        for m in models - OPEN_BODIES
        if m.model_config.get("extra") != "forbid" or not issubclass(m, InputSchema)
    )
    assert not loose, "derive these from InputSchema:\n" + "\n".join(loose)


@pytest.mark.database_free
def test_the_schema_says_no_other_fields_are_taken():
    components = api.get_openapi_schema()["components"]["schemas"]
    names = {m.__name__ for m in body_models() - OPEN_BODIES}
    described = {name for name in names if name in components}
    assert len(described) > 60, len(described)
    open_ones = sorted(
        n for n in described if components[n].get("additionalProperties") is not False
    )
    assert not open_ones, open_ones


@pytest.mark.database_free
def test_no_two_body_schemas_share_a_name():
    """The document names a schema by its class: two of one name were one component, so the
    committee's scores were described (and their example checked) as a course evaluation's."""
    names = sorted(m.__name__ for m in body_models())
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]


JSON_OPERATIONS = [
    op
    for op in OPERATIONS
    if "application/json" in op.values[2] and op.values[:2] not in OWN_READING
]


@pytest.mark.parametrize(("method", "path", "content", "schemes"), JSON_OPERATIONS)
def test_an_unknown_field_is_a_422_naming_it(client, credentials, method, path, content, schemes):  # noqa: F811
    url = _url(path, credentials.provider_id)
    body = json.dumps({"zz_not_taken": 1})
    response = client.generic(
        method.upper(), url, body, "application/json", headers=credentials(schemes)
    )
    assert response.status_code == 422, f"{method.upper()} {url} -> {response.status_code}"
    assert response["Content-Type"] == "application/problem+json"
    assert {"field": "zz_not_taken", "message": LEAVE_OUT} in response.json()["errors"]


def test_json_operations_are_found():
    assert len(JSON_OPERATIONS) > 75


def test_an_unknown_field_inside_a_list_is_named_by_its_place(client, credentials):  # noqa: F811
    """A completion row with a field of another row's kind: the 422 names row and field, and
    nothing is recorded."""
    url = f"/api/v1/providers/{credentials.provider_id}/courses/1/completions"
    row = {"email": "a@example.org", "completed_on": "2026-03-31", "score": 90}
    response = client.post(
        url, {"completions": [row]}, content_type="application/json", headers=credentials({"k"})
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "completions.0.score", "message": LEAVE_OUT}]
    assert response.json()["detail"] == f"completions.0.score: {LEAVE_OUT}"


def test_a_misspelt_field_changes_nothing(client, candidate):
    """`is_pubic` for `is_public`: refused in words, where it was dropped and answered 200."""
    from certify.accounts.tokens import token_create

    secret = token_create(user=candidate, name="Profile", scopes=["certificates"]).secret
    response = client.put(
        "/api/v1/certificates/mine/profile",
        {"is_public": False, "is_pubic": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [{"field": "is_pubic", "message": LEAVE_OUT}]


def test_a_program_setting_misspelt_is_refused_and_one_of_another_section_named(
    client, lsscp, staff
):
    """A program's settings: a name that is no setting is a 422 like any field not taken (it
    was passed to the service, a 400); a real setting of another section stays the service's
    400 naming it, and a value the page refuses the service's 400 in the page's words."""
    client.force_login(staff)
    url = "/api/v1/staff/programs/lsscp/settings/money"
    misspelt = client.patch(url, {"renewal_fee_cent": 100}, content_type="application/json")
    assert misspelt.status_code == 422, misspelt.content
    assert misspelt.json()["errors"] == [{"field": "renewal_fee_cent", "message": LEAVE_OUT}]
    elsewhere = client.patch(url, {"renewal_ce_hours": 1}, content_type="application/json")
    assert elsewhere.status_code == 400
    assert elsewhere.json()["field"] == "renewal_ce_hours"
    too_much = client.patch(url, {"member_fee_cents": 10**7}, content_type="application/json")
    assert too_much.status_code == 400
    assert "member_fee_cents" in too_much.json()["fields"]
