"""Fault drill "disk full for uploads", portfolio evidence: when storage cannot take the file, the
candidate is told in their words, the form keeps what they typed, and nothing is half-saved (no
evidence row, no partial file). With room again, the same upload works."""

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.core.storage import NOT_STORED
from certify.portfolios.models import EvidenceItem
from certify.portfolios.services import evidence_add_file
from tests.files import PDF, fill_the_disk, stored_files
from tests.portfolios.conftest import pdf_upload


def test_a_full_disk_keeps_the_form_and_half_saves_nothing(client, portfolio, monkeypatch):
    client.force_login(portfolio.planned_set.application.candidate)
    first = portfolio.responses.first()
    url = reverse("portfolios:evidence_add", args=[portfolio.planned_set_id, first.pk])
    typed = {"kind": "file", "title": "Desk log, March", "description": "Busiest week's questions"}
    before = stored_files()
    fill_the_disk(monkeypatch, room=len(PDF) // 2)

    response = client.post(url, {**typed, "file": pdf_upload(content=PDF)})

    assert response.status_code == 400
    assert NOT_STORED in response.text
    assert 'value="Desk log, March"' in response.text
    assert ">Busiest week&#x27;s questions</textarea>" in response.text
    assert f'value="file" id="ev{first.pk}-kind-file" checked' in response.text
    assert f'<span class="error-message" id="ev{first.pk}-file-error">{NOT_STORED}' in response.text
    assert '<details class="evidence-add" open>' in response.text
    assert not EvidenceItem.objects.exists()
    assert stored_files() == before  # no partial file, under any name

    monkeypatch.undo()  # room again: the same upload is kept, whole
    client.post(url, {**typed, "file": pdf_upload(content=PDF)})
    item = EvidenceItem.objects.get()
    assert item.title == "Desk log, March"
    assert item.file.read() == PDF


def test_a_full_disk_is_refused_by_the_service_too(portfolio, monkeypatch):
    """The service itself (which every door calls) raises the person's error, not OSError."""
    fill_the_disk(monkeypatch, room=10)
    before = stored_files()
    with pytest.raises(DomainError, match="We could not store your file right now"):
        evidence_add_file(
            response=portfolio.responses.first(),
            actor=portfolio.planned_set.application.candidate,
            upload=pdf_upload(content=PDF),
            title="Desk log",
        )
    assert not EvidenceItem.objects.exists()
    assert stored_files() == before
