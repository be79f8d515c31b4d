"""The served API document's examples quote the default program's values (its slug, names,
certifying body, rules and fees), not LSSCP's, on a site whose default program is another. The
code writes them in LSSCP's (`rest/openapi.py`); before, a site running only RMT documented
"LSSCP", 1,820 hours and USD 350 in every example. Nothing comes from the request: every caller
gets the same document, kept per process until a program changes."""

import json

import pytest
from django.test import override_settings

from certify.programs.models import Program
from certify.rest.openapi import EXAMPLE_PROGRAM, program_examples
from tests.conftest import count_queries
from tests.programs.second_program import rmt_set_up

URL = "/api/v1/openapi.json"


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


def component_example(document, name):
    return document["components"]["schemas"][name]["examples"][0]


def parameter_examples(document, name):
    found = []
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == name:
                    found.append(parameter.get("example", parameter["schema"].get("example")))
    return [value for value in found if value is not None]


@override_settings(DEFAULT_PROGRAM="rmt")
def test_a_site_whose_default_program_is_rmt_documents_rmts_values(rmt, client):
    document = client.get(URL).json()
    detail = component_example(document, "ProgramDetailOut")
    assert (detail["slug"], detail["short_name"], detail["name"], detail["certifying_body"]) == (
        "rmt",
        "RMT",
        "Records Management Technician Certification",
        "Institute of Records Professionals",
    )
    assert detail["experience_hours_required"] == rmt.experience_hours_required == 1000
    assert detail["experience_window_years"] == 3
    assert detail["fees"]["enrollment_cents"] == rmt.enrollment_fee_cents
    assert detail["fees"]["renewal_cents"] == rmt.renewal_fee_cents
    mine = component_example(document, "MyCertificateOut")
    assert mine["program"]["short_name"] == "RMT"
    assert set(parameter_examples(document, "program")) == {"rmt"}
    text = json.dumps(document)
    assert '"short_name": "LSSCP"' not in text
    assert '"certifying_body": "ALA-APA"' not in text
    assert '"slug": "lsscp"' not in text


@override_settings(DEFAULT_PROGRAM="rmt")
def test_the_same_document_for_every_caller_and_a_new_one_when_the_program_changes(
    rmt, client, staff
):
    first = client.get(URL, HTTP_HOST="localhost").content
    assert client.get(URL, headers={"Accept-Language": "fr"}).content == first
    client.force_login(staff)
    assert client.get(URL).content == first
    client.logout()
    assert count_queries(lambda: client.get(URL)) == 1
    Program.objects.filter(pk=rmt.pk).update(enrollment_fee_cents=25_000)
    changed = json.loads(client.get(URL).content)
    assert component_example(changed, "ProgramDetailOut")["fees"]["enrollment_cents"] == 25_000


@pytest.mark.database_free
def test_only_program_values_under_their_own_keys_are_swapped():
    document = {
        "components": {
            "schemas": {
                "A": {
                    "examples": [
                        {
                            "short_name": "LSSCP",
                            "holder_name": "LSSCP",  # not a program value's key
                            "experience_hours_required": 1820,
                            "hours": 1820,  # not a rule's key
                            "electives_required": True,  # another type than LSSCP's 3
                        }
                    ],
                    "properties": {"program": {"type": "string", "examples": ["lsscp"]}},
                }
            }
        }
    }
    values = {**EXAMPLE_PROGRAM, "short_name": "RMT", "slug": "rmt"}
    values["experience_hours_required"] = 1000
    values["electives_required"] = 1
    out = program_examples(document, values)["components"]["schemas"]["A"]
    assert out["examples"][0] == {
        "short_name": "RMT",
        "holder_name": "LSSCP",
        "experience_hours_required": 1000,
        "hours": 1820,
        "electives_required": True,
    }
    assert out["properties"]["program"]["examples"] == ["rmt"]
