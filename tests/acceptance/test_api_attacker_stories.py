"""Acceptance: two attackers who hold a real credential and try to reach past it.

A candidate's script, written by a friend "to help", holds Dana's token for her application and
goes looking for Olu's: his application's id answers exactly as an id nobody has, her list asked
for his address, sorted by e-mail and with a huge page is refused for the parameters it does not
take (each named) and, asked plainly, holds only her own, and the fields it adds to her
application (its status, another candidate as owner) change nothing.

Northside's coordinator pastes the college's API key into a shared spreadsheet as part of a web
address. Whoever copies it finds the key is not read from an address, nor in another case; sent
properly it cannot reach Eastside's courses (the 404 of an unknown provider), and a course it
creates with "approved" and Eastside's id added is Northside's draft, waiting for program staff.
The coordinator revokes the key on the API keys page and it is refused in words.
"""

import json
import re

from django.test import Client

from certify.applications.models import Application
from certify.courses.models import Course, Provider
from tests.acceptance import steps
from tests.acceptance.conftest import PASSWORD, PROVIDER
from tests.factories import ProviderFactory

DANA = steps.Person("Dana Okafor", "dana.okafor@example.org")
OLU = steps.Person("Olu Other", "olu.other@example.org")


def _token(browser, person: steps.Person) -> Client:
    """`person` registers and makes a token for their application on the tokens page."""
    steps.register(browser, person)
    page = browser.open("/account/tokens/")
    form = page.form("Make the token").set("Name", "Script").check("Your application")
    page = browser.submit(form)
    secret = page.tree.get_element_by_id("new-token").get("value")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _start(api: Client) -> int:
    answer = api.post("/api/v1/applications", json.dumps({"program": "lsscp"}), "application/json")
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_a_script_with_a_candidates_token_finds_nothing_of_another_candidate(world, browser):
    olu_api = _token(browser, OLU)
    olus = _start(olu_api)
    browser.client.logout()
    script = _token(browser, DANA)
    danas = _start(script)

    theirs = script.get(f"/api/v1/applications/{olus}")
    nobodys = script.get("/api/v1/applications/987654")
    assert theirs.status_code == nobodys.status_code == 404
    assert theirs.json()["detail"] == nobodys.json()["detail"]
    assert script.post(f"/api/v1/applications/{olus}/withdraw").status_code == 404

    olu = Application.objects.get(pk=olus).candidate
    asked = (
        f"?candidate={olu.pk}&email={OLU.email}&q={OLU.email}&ordering=candidate__email"
        "&page_size=200"
    )
    refused = script.get(f"/api/v1/applications/mine{asked}")
    assert refused.status_code == 422  # what it does not take is refused, never read (ADR 0075)
    named = {error["field"] for error in refused.json()["errors"]}
    assert named == {"candidate", "email", "q", "ordering", "page_size"}
    assert OLU.name not in refused.text
    mine = script.get("/api/v1/applications/mine")
    assert mine.status_code == 200
    assert [row["id"] for row in mine.json()] == [danas]
    assert OLU.email not in mine.text
    assert OLU.name not in mine.text
    too_many = script.get("/api/v1/staff/applications?page_size=100000")
    assert too_many.status_code == 403  # her token is no staff member's, however it asks

    steered = script.patch(
        f"/api/v1/applications/{danas}",
        json.dumps({"education_note": "Evenings", "status": "accepted", "candidate": olu.pk}),
        "application/json",
    )
    # Fields the operation does not take are refused by name, and nothing is changed.
    assert steered.status_code == 422, steered.text
    assert [e["field"] for e in steered.json()["errors"]] == ["status", "candidate"]
    assert Application.objects.get(pk=danas).education_note != "Evenings"
    changed = script.patch(
        f"/api/v1/applications/{danas}",
        json.dumps({"education_note": "Evenings"}),
        "application/json",
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["status"], changed.json()["education_note"]) == ("draft", "Evenings")
    application = Application.objects.get(pk=danas)
    assert (application.status, application.candidate.email) == ("draft", DANA.email)
    assert Application.objects.get(pk=olus).status == "draft"
    assert olu_api.get(f"/api/v1/applications/{olus}").status_code == 200  # his own, still


def test_a_providers_key_copied_from_a_web_address_reaches_no_further_than_its_provider(
    world, browser
):
    northside = Provider.objects.get(name="Northside Community College")
    eastside = ProviderFactory(name="Eastside Institute")
    browser.sign_in(PROVIDER, PASSWORD)
    page = browser.open(f"/providers/{northside.pk}/api-keys/")
    page = browser.submit(page.form("Create a key").set("What is the key for?", "Spreadsheet"))
    key = page.tree.get_element_by_id("new-key").get("value")
    courses = f"/api/v1/providers/{northside.pk}/courses"

    anyone = Client()
    for pasted in (f"{courses}?api_key={key}", f"{courses}?access_token={key}"):
        answer = anyone.get(pasted)
        assert answer.status_code == 401, pasted  # a key in an address is not read
    upper = anyone.get(courses, HTTP_X_API_KEY=key.upper())
    assert (upper.status_code, upper.json()["detail"]) == (
        401,
        "This is not a Certify provider API key.",
    )

    copied = Client(HTTP_X_API_KEY=key)
    assert copied.get(courses).status_code == 200
    theirs = copied.get(f"/api/v1/providers/{eastside.pk}/courses")
    nobodys = copied.get("/api/v1/providers/987654/courses")
    assert theirs.status_code == nobodys.status_code == 404
    assert theirs.json()["detail"] == nobodys.json()["detail"] == "No such provider."

    course = {
        "competency_set": "TEC",
        "title": "Spreadsheets for the circulation desk",
        "description": "Formulas, filters and charts.",
        "format": "online",
        "self_paced": True,
        "cost_cents": 0,
        "assessments": "A project.",
        "instructors": "A. Teacher",
    }
    steering = {"status": "approved", "provider": eastside.pk, "provider_id": eastside.pk}
    steered = copied.post(courses, json.dumps(course | steering), "application/json")
    assert steered.status_code == 422, steered.text  # refused by name, nothing made
    assert [e["field"] for e in steered.json()["errors"]] == list(steering)
    assert not Course.objects.filter(title=course["title"]).exists()
    made = copied.post(courses, json.dumps(course), "application/json")
    assert made.status_code == 201, made.text
    row = Course.objects.get(title="Spreadsheets for the circulation desk")
    assert (row.provider_id, row.status) == (northside.pk, "draft")
    assert not Course.objects.filter(provider=eastside).exists()

    page = browser.open(f"/providers/{northside.pk}/api-keys/")
    page = browser.submit(page.form(re.compile("^Revoke")))
    refused = copied.get(courses)
    assert (refused.status_code, refused.json()["detail"]) == (401, "This API key was revoked.")
