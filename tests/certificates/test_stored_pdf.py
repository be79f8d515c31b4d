"""The certificate PDF rendered ahead and served from storage (ADR 0058): typeset by a task after
each move of the certificate, served without WeasyPrint (`no_typesetting`) while it shows what
the certificate says now, and typeset on the spot when the stored one is missing or older."""

import io

import pytest
from pypdf import PdfReader

from certify.certificates import services
from certify.certificates.handlers import CERTIFICATE_MOVED
from certify.core.events import registry
from tests.certificates.conftest import finish
from tests.conftest import stored_pdfs


def _url(certificate) -> str:
    return f"/certificates/{certificate.number}/certificate.pdf"


def _download(client, certificate) -> bytes:
    client.force_login(certificate.holder)
    response = client.get(_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'inline; filename="certificate-{certificate.number}.pdf"'
    )
    return response.content


def _text(content: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())


@pytest.fixture
def issued(nearly, stored_documents, django_capture_on_commit_callbacks):
    """A certificate issued with what happens after commit run (its events, then its task)."""
    application, last = nearly
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    return application.certificate


def test_every_move_of_a_certificate_has_its_pdf_typeset_again():
    handler = "certify.certificates.handlers.certificate_pdf_render"
    assert set(CERTIFICATE_MOVED) == {
        "certificate.valid",
        "certificate.suspended",
        "certificate.revoked",
        "certificate.replaced",
    }
    for name in CERTIFICATE_MOVED:
        assert handler in registry()[name], name


def test_an_issued_certificate_is_typeset_ahead_and_served_without_weasyprint(
    client, issued, stored_documents, request
):
    [stored] = stored_pdfs(stored_documents, "certificates", issued.pk)
    request.getfixturevalue("no_typesetting")
    content = _download(client, issued)
    assert content == stored.read_bytes()
    assert issued.number in _text(content)


def test_a_revocation_after_issue_is_typeset_again_and_the_old_rendering_goes(
    client, issued, staff_user, stored_documents, django_capture_on_commit_callbacks, request
):
    [valid] = stored_pdfs(stored_documents, "certificates", issued.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(certificate=issued, actor=staff_user, reason="Fraud found.")
    [revoked] = stored_pdfs(stored_documents, "certificates", issued.pk)
    assert revoked != valid
    request.getfixturevalue("no_typesetting")
    content = _download(client, issued)
    assert content == revoked.read_bytes()
    assert "Revoked." in _text(content)


def test_suspended_then_reinstated_reads_as_in_force_again(
    client, issued, staff_user, stored_documents, django_capture_on_commit_callbacks, request
):
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_suspend(certificate=issued, actor=staff_user, reason="Checking.")
    assert "Suspended." in _text(_download(client, issued))
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reinstate(certificate=issued, actor=staff_user, reason="Checked.")
    assert len(stored_pdfs(stored_documents, "certificates", issued.pk)) == 1
    request.getfixturevalue("no_typesetting")
    text = _text(_download(client, issued))
    assert "Suspended" not in text
    assert issued.number in text


def test_a_revocation_whose_task_has_not_run_is_never_served_as_valid(
    client, issued, staff_user, stored_documents, django_capture_on_commit_callbacks
):
    [valid] = stored_pdfs(stored_documents, "certificates", issued.pk)
    with django_capture_on_commit_callbacks(execute=False):  # the worker is down
        services.certificate_revoke(certificate=issued, actor=staff_user, reason="Fraud found.")
    content = _download(client, issued)
    assert content != valid.read_bytes()
    assert "Revoked." in _text(content)


def test_a_missing_rendering_is_typeset_on_the_spot(client, issued, stored_documents):
    for path in stored_pdfs(stored_documents, "certificates", issued.pk):
        path.unlink()
    assert issued.number in _text(_download(client, issued))
    assert len(stored_pdfs(stored_documents, "certificates", issued.pk)) == 1


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider", "sponsor"])
def test_a_stored_pdf_is_still_only_for_the_holder_and_staff(
    client_as, issued, stored_documents, role, request
):
    assert stored_pdfs(stored_documents, "certificates", issued.pk)
    request.getfixturevalue("no_typesetting")
    response = client_as(role).get(_url(issued))
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:  # as a certificate that does not exist: the stored PDF is never sent
        assert response.status_code == 404
    assert client_as("program_staff").get(_url(issued)).status_code == 200
