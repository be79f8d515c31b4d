"""A portfolio's evidence: a PDF is stored privately under a random name; hostile, wrong,
oversize and zip-bomb files are refused with nothing kept; a link must be https; an
attestation's link works once."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from certify.core.errors import DomainError
from certify.core.workflow import LinkHolder
from certify.portfolios import services
from certify.portfolios.models import (
    EvidenceItem,
)
from tests.portfolios.conftest import PDF, owner, pdf_upload


def test_a_pdf_is_stored_privately(portfolio):
    item = services.evidence_add_file(
        response=portfolio.responses.first(),
        actor=owner(portfolio),
        upload=pdf_upload("My Résumé (final).pdf"),
        title="",
    )
    assert item.content_type == "application/pdf"
    assert item.extension == ".pdf"
    assert item.original_name == "My Résumé (final).pdf"
    assert "Résumé" not in item.file.name  # stored under a random name
    assert item.file.name.endswith(".pdf")
    with pytest.raises(ValueError, match="no public URL"):
        item.file.url  # noqa: B018


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not a file type"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "not a file type",
        ),
        ("fake.pdf", b"<html><body>not a pdf</body></html>", "not a file type"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_or_wrong_files_are_refused_and_nothing_is_kept(portfolio, name, content, message):
    with pytest.raises(DomainError, match=message):
        services.evidence_add_file(
            response=portfolio.responses.first(),
            actor=owner(portfolio),
            upload=SimpleUploadedFile(name, content),
            title="x",
        )
    assert not EvidenceItem.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=1000)
def test_an_oversize_file_is_refused_in_plain_words(portfolio):
    with pytest.raises(DomainError, match="largest we accept is 1000"):
        services.evidence_add_file(
            response=portfolio.responses.first(),
            actor=owner(portfolio),
            upload=pdf_upload(content=PDF + b"0" * 2000),
            title="big",
        )


def test_a_zip_bomb_disguised_as_a_word_file_is_refused(portfolio):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/padding.xml", b"\0" * (20 * 1024 * 1024))
    upload = SimpleUploadedFile("report.docx", buffer.getvalue())
    with pytest.raises(DomainError):
        services.evidence_add_file(
            response=portfolio.responses.first(),
            actor=owner(portfolio),
            upload=upload,
            title="report",
        )


def test_links_and_attestations(portfolio, django_capture_on_commit_callbacks):
    response = portfolio.responses.first()
    with pytest.raises(DomainError, match="https://"):
        services.evidence_add_link(
            response=response, actor=owner(portfolio), url="javascript:alert(1)", title="x"
        )
    services.evidence_add_link(
        response=response,
        actor=owner(portfolio),
        url="https://video.example/story-time",
        title="Story time video",
    )
    with django_capture_on_commit_callbacks(execute=True):
        item = services.evidence_request_attestation(
            response=response,
            actor=owner(portfolio),
            attester_name="Pat Lee",
            attester_email="pat@riverside.example",
            title="",
            description="My desk work",
        )
    assert mail.outbox[-1].to == ["pat@riverside.example"]
    token = mail.outbox[-1].body.split("/attest/")[1].split("/")[0]
    assert services.attestation_item_from_token(token) == item
    holder = LinkHolder("attestation", item.pk, "Pat Lee")
    with pytest.raises(DomainError, match="a few sentences"):
        services.attestation_respond(item=item, actor=holder, given=True, text="Yes.")
    services.attestation_respond(
        item=item,
        actor=holder,
        given=True,
        text="I watched Dana calm an upset patron and solve the problem.",
    )
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.GIVEN
    # The link works once: the page refuses it, and so does the move.
    with pytest.raises(DomainError, match="already answered"):
        services.attestation_item_from_token(token)
    with pytest.raises(DomainError, match="already answered"):
        services.attestation_respond(item=item, actor=holder, given=False, text="")
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.GIVEN
