"""A portfolio through the API alone: reading never creates it (neither the page nor the API on
GET), starting it is a POST (as the page's button), and files are uploaded and removed through
the API with the page's checks."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certify.portfolios.models import EvidenceItem, Portfolio
from tests.portfolios.conftest import PDF


def test_reading_a_portfolio_creates_nothing_and_a_post_starts_it(client, planned):
    client.force_login(planned.application.candidate)
    url = f"/api/v1/portfolios/{planned.pk}"

    assert client.get(reverse("portfolios:portfolio", args=[planned.pk])).status_code == 200
    assert client.get(url).status_code == 404  # not started: the page did not start it
    assert not Portfolio.objects.exists()

    started = client.post(f"{url}/start")
    assert started.status_code == 201, started.text
    assert client.get(url).status_code == 200
    again = client.post(f"{url}/start")  # sending it twice changes nothing
    assert again.status_code == 201
    assert Portfolio.objects.count() == 1


def test_a_file_is_uploaded_and_removed_through_the_api(client, planned):
    client.force_login(planned.application.candidate)
    url = f"/api/v1/portfolios/{planned.pk}"
    client.post(f"{url}/start")
    code = planned.competency_set.competencies.first().code

    added = client.post(
        f"{url}/responses/{code}/files",
        {"file": SimpleUploadedFile("notes.pdf", PDF, "application/pdf"), "title": "Notes"},
    )
    assert added.status_code == 201, added.text
    assert added.json()["kind"] == "file"
    refused = client.post(
        f"{url}/responses/{code}/files",
        {"file": SimpleUploadedFile("notes.pdf", b"<html>hi</html>")},
    )
    assert refused.status_code == 400
    assert EvidenceItem.objects.count() == 1

    removed = client.delete(f"{url}/evidence/{added.json()['id']}")
    assert removed.status_code == 204
    assert client.get(url).json()["responses"][0]["evidence"] == []


def test_nobody_else_starts_or_uploads_to_a_portfolio(client, planned, candidate):
    client.force_login(candidate)  # another candidate
    url = f"/api/v1/portfolios/{planned.pk}"
    assert client.post(f"{url}/start").status_code == 404
    assert not Portfolio.objects.exists()
