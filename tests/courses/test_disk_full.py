"""Fault drill "disk full for uploads", every course upload: the syllabus (the provider's page and
the API), a completion certificate, proof of graduation and a CSV of completions. When storage
cannot take the file, the person is told in their words (the API: 503 with Retry-After), the form
keeps what was typed, and nothing is half-saved: no row, no partial file, the old file kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.core.storage import NOT_STORED
from certify.courses import services
from certify.courses.models import CompletionImport, CourseCompletion, ProgrammeClaim
from tests.courses.conftest import csv_upload, enrol, pdf_upload
from tests.factories import CourseFactory
from tests.files import PDF, fill_the_disk, pdf, stored_files


@pytest.fixture
def draft(provider, provider_user, ct):
    """A draft course whose syllabus is uploaded already (the drill replaces it)."""
    course = CourseFactory(provider=provider, competency_set=ct)
    return services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())


def test_the_syllabus_page_on_a_full_disk(client, provider, provider_user, draft, monkeypatch):
    old = draft.syllabus.name
    client.force_login(provider_user)
    before = stored_files()
    fill_the_disk(monkeypatch, room=100)

    response = client.post(
        reverse("courses:course_syllabus", args=[provider.pk, draft.pk]),
        {"syllabus": pdf_upload("new-syllabus.pdf", pdf(2))},
    )

    assert response.status_code == 400
    assert NOT_STORED in response.text
    draft.refresh_from_db()
    assert draft.syllabus.name == old
    assert draft.syllabus.read() == PDF
    assert stored_files() == before


def test_the_syllabus_api_on_a_full_disk(client, provider, provider_user, draft, monkeypatch):
    key = services.api_key_create(provider=provider, actor=provider_user, name="LMS")[1]
    old = draft.syllabus.name
    before = stored_files()
    fill_the_disk(monkeypatch, room=100)

    response = client.post(
        f"/api/v1/providers/{provider.pk}/courses/{draft.pk}/syllabus",
        {"file": pdf_upload("new-syllabus.pdf", pdf(2))},
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    assert response.json()["detail"] == NOT_STORED
    draft.refresh_from_db()
    assert draft.syllabus.name == old
    assert stored_files() == before


def test_a_completion_certificate_on_a_full_disk(client, course, planned, monkeypatch):
    today = timezone.localdate()
    client.force_login(planned.application.candidate)
    before = stored_files()
    fill_the_disk(monkeypatch, room=100)

    response = client.post(
        reverse("courses:course_completion", args=[planned.pk]),
        {"course": course.pk, "completed_on": today.isoformat(), "certificate": pdf_upload()},
    )

    assert response.status_code == 400
    assert NOT_STORED in response.text
    assert f'value="{today.isoformat()}"' in response.text
    assert not CourseCompletion.objects.exists()
    assert stored_files() == before


def test_proof_of_graduation_on_a_full_disk(client, lsscp, staff, monkeypatch):
    today = timezone.localdate()
    programme = services.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        reference="RA-2024-01",
        starts_on=today - timedelta(days=365 * 5),
        competency_sets=list(lsscp.competency_sets.filter(code__in=["FLS", "CT"])),
    )
    graduate = enrol(lsscp, email="grad@example.org", sets=("FLS",), route="programme")
    planned = graduate.planned_sets.get(competency_set__code="FLS")
    graduated_on = (today - timedelta(days=200)).isoformat()
    client.force_login(graduate.candidate)
    before = stored_files()
    fill_the_disk(monkeypatch, room=100)

    response = client.post(
        reverse("courses:programme_claim", args=[planned.pk]),
        {"programme": programme.pk, "graduated_on": graduated_on, "proof": pdf_upload()},
    )

    assert response.status_code == 400
    assert NOT_STORED in response.text
    assert f'value="{graduated_on}"' in response.text
    assert not ProgrammeClaim.objects.exists()
    assert stored_files() == before


def test_a_csv_of_completions_on_a_full_disk(client, provider, provider_user, course, monkeypatch):
    today = timezone.localdate()
    client.force_login(provider_user)
    text = "email,full_name,completed_on\n" + "".join(
        f"person{n}@example.org,Person {n},{today}\n" for n in range(20)
    )
    before = stored_files()
    fill_the_disk(monkeypatch, room=100)

    response = client.post(
        reverse("courses:imports", args=[provider.pk]),
        {"course": course.pk, "file": csv_upload(text)},
    )

    assert response.status_code == 400
    assert NOT_STORED in response.text
    assert f'<option value="{course.pk}" selected>' in response.text
    assert not CompletionImport.objects.exists()
    assert stored_files() == before
