"""The demo's certified candidate: PDF, credential and verification page all work."""

import io

from pypdf import PdfReader

from certify.accounts.models import Role
from certify.certificates.services import credential_verify
from certify.loaddata.demo.certificates import CERTIFIED, demo_certified_create
from tests.certificates.conftest import node_missing
from tests.certificates.test_node_verifier import _served, node_verify
from tests.clock import clock_moved
from tests.factories import UserFactory


def test_the_demo_holds_a_certified_candidate(lsscp, client, tmp_path):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    certificate = demo_certified_create(program=lsscp, staff=staff)
    assert demo_certified_create(program=lsscp, staff=staff) == certificate  # safe to repeat
    assert certificate.status == "valid"
    assert certificate.holder.email == CERTIFIED[0]
    assert len(certificate.completed_sets) == 6
    page = client.get(f"/verify/{certificate.number}/")
    assert page.status_code == 200
    assert CERTIFIED[1] in page.text
    assert credential_verify(document=certificate.credential).verified
    client.force_login(certificate.holder)
    pdf = client.get(f"/certificates/{certificate.number}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert certificate.number in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    if not node_missing() and not clock_moved():  # node reads its own clock (tests/clock.py)
        documents = _served(client, certificate)
        result = node_verify(tmp_path, documents, {"demo": certificate.credential}, now=None)
        result = result["demo"]
        assert result["verified"], result["error"]
