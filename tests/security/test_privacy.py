"""A candidate downloads all their data and closes their account; records stay truthful.

The security world (`world.py`) is built once for the module (tests/shared.py): every test here
changes rows only in the database, undone before the next. The closure that goes through, which
deletes the world's evidence files (not rolled back), is in `test_privacy_close.py`."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from certify.core.models import AuditEvent
from tests.factories import PASSWORD
from tests.security.world import world_build
from tests.shared import copy_of, shared_in_module

world_in_module = shared_in_module(world_build)


@pytest.fixture
def world(db, world_in_module):
    return copy_of(world_in_module)


def download(client) -> zipfile.ZipFile:
    response = client.post(reverse("accounts:privacy_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_every_area_and_the_files(client, world):
    candidate = world.users["candidate"]
    client.force_login(candidate)
    archive = download(client)
    names = set(archive.namelist())
    for area in (
        "profile", "memberships", "applications", "payments", "scholarships", "plan",
        "portfolios", "courses", "certificates", "notifications", "audit",
        "continuing_education",
    ):  # fmt: skip
        assert f"{area}.json" in names
    data = {n[:-5]: json.loads(archive.read(n)) for n in names if n.endswith(".json")}
    assert data["profile"]["account"][0]["email"] == candidate.email
    assert "password" not in data["profile"]["account"][0]
    assert "hashed" not in data["profile"]["api_tokens"][0]
    assert data["applications"]["experience"][0]["library_name"] == "Riverside Library"
    assert world.invoice.code in {i["code"] for i in data["payments"]["invoices"]}
    assert data["scholarships"]["awards"][0]["id"] == world.award.pk
    assert data["certificates"]["certificates"][0]["number"] == world.certificate.number
    assert data["continuing_education"]["activities"][0]["title"] == "Workshop"
    assert data["continuing_education"]["renewals"][0]["id"] == world.renewal.pk
    assert data["notifications"]["notifications"]
    assert any(row["verb"] == "application.submitted" for row in data["audit"]) or data["audit"]
    files = [n for n in names if n.startswith("files/")]
    assert any(n.startswith("files/portfolios/") for n in files)  # the evidence PDF
    assert any("completion-" in n for n in files)
    assert any("claim-" in n for n in files)
    assert any(n.startswith("files/continuing_education/") for n in files)  # attendance.pdf
    assert archive.read(next(n for n in files if "portfolios" in n)).startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="privacy.exported", actor=candidate).exists()


def test_nobody_gets_another_persons_data(client, world):
    assert client.post(reverse("accounts:privacy_export")).status_code == 302  # sign in first
    client.force_login(world.users["other_candidate"])
    archive = download(client)
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert world.users["candidate"].email.encode() not in everything
    assert b"Riverside Library" not in everything
    assert client.get(reverse("accounts:privacy_export")).status_code == 405


def test_a_wrong_password_closes_nothing(client, world):
    candidate = world.users["candidate"]
    client.force_login(candidate)
    response = client.post(
        reverse("accounts:privacy_close"), {"password": "wrong", "understood": "on"}
    )
    assert response.status_code == 400
    assert "That is not your password." in response.text
    candidate.refresh_from_db()
    assert candidate.is_active
    assert candidate.full_name == "Dana Okafor"


@pytest.mark.parametrize("role", ["staff", "reviewer", "provider", "sponsor"])
def test_people_with_duties_to_others_ask_staff_first(client, world, role):
    person = world.users[role]
    client.force_login(person)
    page = client.get(reverse("accounts:privacy"))
    assert "Ask program staff to remove the role" in page.text
    response = client.post(
        reverse("accounts:privacy_close"), {"password": PASSWORD, "understood": "on"}
    )
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.is_active


def test_the_account_page_links_to_your_data(client, world):
    client.force_login(world.users["candidate"])
    assert reverse("accounts:privacy") in client.get(reverse("accounts:home")).text


def test_the_page_says_a_portfolio_under_review_stops_being_reviewed(client, world):
    """What closing does to a review under way is said before the candidate decides (the
    closure withdraws the open reviews: `tests/portfolios/test_closed_candidate.py`)."""
    client.force_login(world.users["candidate"])
    page = client.get(reverse("accounts:privacy"))
    assert "A portfolio being reviewed is no longer reviewed" in page.text
