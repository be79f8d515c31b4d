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


@override_settings(DEFAULT_PROGRAM="rmt")
def test_no_word_or_amount_of_lsscp_is_left_on_a_site_whose_default_program_is_rmt(rmt, client):
    """The prose is program-neutral, and the examples' text and amounts are RMT's: its names in
    words ("RMT enrollment fee"), its slug in paths, and every amount that was one of LSSCP's
    fees RMT's same fee, so an enrollment invoice adds up to RMT's fee."""
    document = client.get(URL).json()
    text = json.dumps(document, ensure_ascii=False)
    for word in ("LSSCP", "lsscp", "ALA-APA", "Library Support Staff", "/programs/lsscp/"):
        assert word not in text, word
    invoice = component_example(document, "InvoiceDetailOut")
    assert invoice["lines"] == [
        {
            "kind": "enrollment_fee",
            "description": "RMT enrollment fee",
            "amount_cents": 20000,
            "member_difference_cents": 0,
        }
    ]
    assert invoice["total_cents"] == invoice["paid_cents"] == rmt.enrollment_fee_cents == 20000
    assert [p["amount_cents"] for p in invoice["payments"]] == [rmt.enrollment_fee_cents]
    assert component_example(document, "RepriceIn")["amount_cents"] == rmt.member_fee_cents
    balance = component_example(document, "RenewalOut")["invoice_balance_cents"]
    assert balance == rmt.renewal_fee_cents
    refund = component_example(document, "RefundIn")
    assert refund["amount_cents"] <= refund["refundable_cents"] == rmt.enrollment_fee_cents
    assert component_example(document, "OwnerOut")["label"] == "RMT (program staff)"
    detail = component_example(document, "ProgramDetailOut")
    assert detail["url"] == "/programs/rmt/"
    assert detail["tagline"] == rmt.tagline
    assert detail["experience"]["workplace_noun"] == rmt.workplace_noun
    intro = component_example(document, "JobRequirementsOut")["intro"]
    assert intro.startswith("Records Management Technician Certification (RMT) preferred")
    assert "awarded by Institute of Records Professionals." in intro


@pytest.mark.database_free
def test_program_text_and_fees_are_swapped_in_example_text_and_amounts_only():
    values = {
        **EXAMPLE_PROGRAM,
        "slug": "rmt",
        "short_name": "RMT",
        "name": "Records Management Technician Certification Program",
        "enrollment_fee_cents": 20000,
        "renewal_fee_cents": 9000,
    }
    fee = EXAMPLE_PROGRAM["enrollment_fee_cents"]
    document = {
        "components": {
            "schemas": {
                "A": {
                    "description": "LSSCP's own words stay in prose: the code writes it neutral.",
                    "examples": [
                        {
                            "description": "LSSCP enrollment fee",
                            "url": "/programs/lsscp/",
                            "fund": "ssd-lsscp-enrollment",
                            "number": "LSSCP-2026-7K3Q9M2X",  # the letters are another swap
                            "intro": "Library Support Staff Certification (LSSCP) preferred",
                            "title": "Library Support Staff Certification Program",
                            "total_cents": fee,
                            "balance_cents": EXAMPLE_PROGRAM["renewal_fee_cents"],
                            "cost_cents": 24900,  # not a fee
                            "hours": fee,  # not an amount
                            "holder": "XLSSCP",
                            "holder_name": "LSSCP",  # a whole value: by its key only
                        }
                    ],
                }
            }
        }
    }
    out = program_examples(document, values)["components"]["schemas"]["A"]
    assert out["description"].startswith("LSSCP's own words")
    assert out["examples"][0] == {
        "description": "RMT enrollment fee",
        "url": "/programs/rmt/",
        "fund": "ssd-rmt-enrollment",
        "number": "LSSCP-2026-7K3Q9M2X",
        "intro": "Records Management Technician Certification (RMT) preferred",
        "title": "Records Management Technician Certification Program",
        "total_cents": 20000,
        "balance_cents": 9000,
        "cost_cents": 24900,
        "hours": fee,
        "holder": "XLSSCP",
        "holder_name": "LSSCP",
    }
