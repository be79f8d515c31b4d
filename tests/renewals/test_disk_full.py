"""Fault drill "disk full for uploads", continuing-education evidence: recording an activity with
evidence, or replacing the evidence of one, when storage cannot take the file: the holder is told,
the form keeps what was typed, nothing is half-saved, and the old evidence stays as it was."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.core.storage import NOT_STORED
from certify.renewals.models import CeActivity
from tests.files import PDF, fill_the_disk, pdf, stored_files
from tests.renewals.conftest import in_window
from tests.renewals.test_views import activity_data


@pytest.fixture
def certificate(program):
    return in_window(program, timezone.localdate())


def test_recording_an_activity_on_a_full_disk(client, certificate, monkeypatch):
    client.force_login(certificate.holder)
    before = stored_files()
    fill_the_disk(monkeypatch, room=len(PDF) // 2)

    response = client.post(
        "/renewal/activities/",
        {**activity_data(title="Kept title"), "evidence": SimpleUploadedFile("a.pdf", PDF)},
    )

    assert response.status_code == 400
    assert NOT_STORED in response.text
    assert 'value="Kept title"' in response.text
    assert not CeActivity.objects.exists()
    assert stored_files() == before


def test_replacing_evidence_on_a_full_disk_keeps_the_old_file(client, certificate, monkeypatch):
    client.force_login(certificate.holder)
    client.post(
        "/renewal/activities/", {**activity_data(), "evidence": SimpleUploadedFile("a.pdf", PDF)}
    )
    activity = CeActivity.objects.get()
    old_name = activity.evidence.name
    before = stored_files()
    fill_the_disk(monkeypatch, room=100)

    response = client.post(
        f"/renewal/activities/{activity.pk}/",
        {**activity_data(title="New title"), "evidence": SimpleUploadedFile("b.pdf", pdf(2))},
    )

    assert response.status_code == 400
    assert NOT_STORED in response.text
    assert 'value="New title"' in response.text
    activity.refresh_from_db()
    assert (activity.title, activity.evidence.name) == ("Cybersecurity for libraries", old_name)
    assert activity.evidence.read() == PDF
    assert stored_files() == before
