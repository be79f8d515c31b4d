"""Every credential Certify issues passes 1EdTech's Open Badges 3.0 JSON Schema, with zero
errors; the shape before ADR 0032 (two status entries, the proof as an object) did not."""

import pytest

from tests.certificates.conformance import assert_ob3_valid, schema_errors
from tests.certificates.credentials import Issuer


@pytest.fixture(scope="module")
def issuer():
    return Issuer()


def test_a_credential_as_built_and_signed_passes_the_schema(issuer):
    assert_ob3_valid(issuer.issue(holder="Zoë Okafor 王小明 محمد"))


def test_the_old_shape_fails_the_schema_where_the_finding_said(issuer):
    errors = schema_errors(issuer.issue_old_shape())
    assert any(e.startswith("credentialStatus: ") for e in errors), errors
    assert any(e.startswith("proof: ") for e in errors), errors


def test_the_schema_check_can_fail(issuer):
    broken = issuer.issue()
    del broken["credentialSubject"]["achievement"]["criteria"]
    broken["validFrom"] = "yesterday"
    errors = schema_errors(broken)
    assert any("criteria" in e for e in errors), errors


@pytest.mark.django_db
def test_a_certificate_the_app_issued_passes_the_schema(certificate):
    assert_ob3_valid(certificate.credential)
