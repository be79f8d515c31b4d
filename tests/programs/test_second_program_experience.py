"""What experience counts is the program's setting (programs/experience.py): RMT's candidates
describe records management work in an organization of one of its kinds, in its words, on every
page, form, error and e-mail about it; LSSCP keeps its words exactly (tests/programs/
second_program.py sets RMT up as its staff would)."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.experience_checks import ExperienceInvalidError
from certify.applications.models import Application, ExperienceEntry
from certify.applications.services import (
    application_eligibility,
    application_start,
    experience_save,
    supervisor_request,
)
from certify.programs.services import builtin_program_data, program_load
from certify.programs.setup import SettingsInvalidError, program_settings_update
from certify.scholarships.eligibility import criteria_problems
from certify.scholarships.forms import ApplyForm
from certify.scholarships.selectors import fund_terms
from tests.factories import FundFactory, UserFactory
from tests.programs.second_program import rmt_set_up

RMT_WORDS = "records management experience, paid or unpaid, keeping the records of an organization"
LSSCP_WORDS = "library experience, paid or unpaid, in any type of library"
JOB = {
    "library_name": "County Records Center",
    "library_type": "government",
    "role": "Records clerk",
    "start_date": date(2024, 1, 8),
    "hours_mode": "weekly",
    "hours_per_week": 40,
}


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


@pytest.fixture
def candidate(db):
    return UserFactory(full_name="Robin Lee", roles=[Role.CANDIDATE])


def _draft(program, candidate, **job):
    application = application_start(candidate=candidate, program=program)
    experience_save(application=application, actor=candidate, **{**JOB, **job})
    return application


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_the_apply_and_who_can_apply_pages_say_what_experience_counts(rmt, lsscp, client):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    page = _text(client.get(reverse("applications:apply_program", args=["rmt"])).text)
    assert f"1,000 hours of {RMT_WORDS}, within the last 3 years" in page
    assert "library" not in page.lower()
    lsscp_page = _text(client.get(reverse("applications:apply_program", args=["lsscp"])).text)
    assert f"1,820 hours of {LSSCP_WORDS}, within the last 5 years" in lsscp_page
    who = _text(client.get(reverse("programs:who_can_apply", args=["rmt"])).text)
    assert (
        "<dt>What counts</dt><dd>Records management experience, paid or unpaid, keeping the "
        "records of an organization</dd>" in who
    )


def test_the_experience_form_asks_for_the_programs_workplace_and_its_kinds(
    rmt, lsscp, candidate, client
):
    client.force_login(candidate)
    application = _draft(rmt, candidate)
    page = _text(client.get(application.get_absolute_url()).text)
    assert "2. Records management experience" in page
    assert "List the records management jobs and volunteer roles of the last 3 years, paid" in page
    assert "Add a records management job or volunteer role" in page
    assert ">Organization:</label>" in page
    assert ">Type of organization:</label>" in page
    assert '<option value="health_car">Health care</option>' in page
    assert "library" not in re.sub(r"library_(name|type)", "", page).lower()  # stored names stay
    ours = _draft(lsscp, candidate, library_type="tribal")
    lsscp_page = _text(client.get(ours.get_absolute_url()).text)
    assert "2. Library experience" in lsscp_page
    assert ">Type of library:</label>" in lsscp_page
    assert '<option value="tribal">Tribal</option>' in lsscp_page


def test_an_entry_is_refused_in_the_programs_words(rmt, candidate, client):
    application = _draft(rmt, candidate)
    with pytest.raises(ExperienceInvalidError) as refused:
        experience_save(
            application=application,
            actor=candidate,
            **{**JOB, "library_name": " ", "library_type": "public"},
        )
    assert refused.value.fields["library_name"] == "Enter the name of the organization."
    assert refused.value.fields["library_type"] == "Choose the type of organization from the list."
    client.force_login(candidate)
    response = client.post(
        reverse("applications:experience_add", args=[application.pk]),
        {"new-library_name": "", "new-role": "Clerk", "new-start_date": "2024-01-08"},
    )
    page = response.text
    assert "Enter the name of the organization." in page
    assert "Choose the type of organization." in page


def test_a_program_may_offer_no_kinds_and_a_kind_taken_away_stays_the_entrys(
    rmt, staff, candidate, client
):
    application = _draft(rmt, candidate)
    program_settings_update(
        program=rmt, actor=staff, section="eligibility", data={"workplace_kinds": []}
    )
    application = Application.objects.get(pk=application.pk)  # the program as it is now
    entry = application.experience.get()
    entry = experience_save(
        application=application, actor=candidate, entry=entry, **{**JOB, "hours_per_week": 30}
    )
    assert entry.library_type == "government"  # a rule change applies to new entries
    new = experience_save(application=application, actor=candidate, **{**JOB, "library_type": ""})
    assert new.library_type == ""
    client.force_login(candidate)
    page = client.get(application.get_absolute_url()).text
    assert 'name="new-library_type"' not in page
    assert "Type of organization" in page  # the old entry keeps its kind, shown by its code
    client.force_login(staff)
    detail = client.get(reverse("applications:staff_detail", args=[application.pk])).text
    assert '<th scope="col">Organization</th>' in detail
    assert "government, paid" in detail


def test_eligibility_and_the_staff_page_speak_of_the_programs_experience(
    rmt, staff, candidate, client
):
    application = _draft(rmt, candidate, start_date=date(2020, 1, 6))
    result = application_eligibility(application=application)
    assert result.next_step == "You have enough records management experience."
    assert result.staff_next_step == "The candidate has enough records management experience."
    client.force_login(staff)
    detail = client.get(reverse("applications:staff_detail", args=[application.pk])).text
    assert '<th scope="col">Organization</th>' in detail
    assert "Government, paid" in detail  # the kind's name in the program's list


def test_the_supervisor_is_asked_about_the_programs_work(
    rmt, candidate, client, django_capture_on_commit_callbacks
):
    application = _draft(
        rmt, candidate, supervisor_name="Pat Lee", supervisor_email="pat@records.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_request(entry=application.experience.get(), actor=candidate)
    message = mail.outbox[-1]
    assert message.subject.endswith("Please confirm Robin Lee's records management hours")
    assert "as their supervisor in a records management job from" in _text(message.body)
    assert "library" not in message.body.lower()
    token = message.body.split("/supervisor/")[1].split("/")[0]
    page = _text(client.get(reverse("applications:supervisor", args=[token])).text)
    assert "Confirm records management hours" in page
    assert "The organization and role below" in page
    assert "<dt>Organization</dt><dd>County Records Center</dd>" in page
    assert "library" not in page.lower()


def test_scholarship_terms_name_the_programs_experience(rmt, lsscp, candidate, client):
    fund = FundFactory(program=rmt, states="CO", min_years_experience=2)
    terms = fund_terms(fund, program=rmt)
    assert criteria_problems(terms=terms, state="TX", years=1) == {
        "state_of_employment": "This fund is open to records management staff employed in CO.",
        "years_experience": "This fund needs at least 2 years of records management experience.",
    }
    assert ApplyForm(fund=fund).fields["years_experience"].label == (
        "Years of records management experience"
    )
    ours = FundFactory(program=lsscp, min_years_experience=3)
    client.force_login(candidate)
    page = _text(client.get(reverse("scholarships:index")).text)
    assert "For records management staff employed in CO." in page
    assert "At least 2 years of records management experience." in page
    assert "At least 3 years of library experience." in page
    assert ApplyForm(fund=ours).fields["years_experience"].label == "Years of library experience"


def test_staff_set_what_experience_counts_on_the_settings_page(rmt, staff, client):
    client.force_login(staff)
    url = reverse("programs:setup_section", args=["rmt", "eligibility"])
    data = {
        "eligibility-experience_hours_required": "1000",
        "eligibility-experience_window_years": "3",
        "eligibility-workplace_noun": "agency",
        "eligibility-experience_field": "records",
        "eligibility-workplace_kinds": "Federal\r\nState\r\n\r\nLocal",
        "eligibility-experience_counts": "paid work in a public agency",
        "eligibility-education_required": "high_school",
        "eligibility-recognised_programme_years": "0",
    }
    assert client.post(url, data).status_code == 302
    rmt.refresh_from_db()
    assert rmt.workplace_kinds == ["Federal", "State", "Local"]
    assert (rmt.workplace_noun, rmt.experience_field) == ("agency", "records")
    refused = client.post(
        url, {**data, "eligibility-workplace_kinds": "Health care one\nHealth care two"}
    )
    assert refused.status_code == 400
    assert "Two kinds have names too alike" in refused.text
    with pytest.raises(SettingsInvalidError) as blank:
        program_settings_update(
            program=rmt, actor=staff, section="eligibility", data={"workplace_noun": " "}
        )
    assert "workplace_noun" in blank.value.fields


def test_the_data_file_gives_lsscp_its_words_and_the_api_shows_each_programs(
    rmt, lsscp, candidate, client
):
    assert (lsscp.workplace_noun, lsscp.experience_field) == ("library", "library")
    assert lsscp.experience_counts == "paid or unpaid, in any type of library"
    assert [c for c, _ in ExperienceEntry.LibraryType.choices] == [
        label.lower() for label in lsscp.workplace_kinds
    ]
    data = builtin_program_data("lsscp")
    with pytest.raises(Exception, match="Unknown experience settings: workplace"):
        program_load(data={**data, "experience": {"workplace": "library"}}, update=True)
    shown = client.get("/api/v1/programs/rmt").json()["experience"]
    assert shown["workplace_noun"] == "organization"
    assert shown["workplace_kinds"][2] == {"code": "health_car", "name": "Health care"}
    client.force_login(candidate)
    pk = client.post(
        "/api/v1/applications", {"program": "rmt"}, content_type="application/json"
    ).json()["id"]
    entry = {**JOB, "start_date": "2024-01-08"}
    added = client.post(
        f"/api/v1/applications/{pk}/experience", entry, content_type="application/json"
    )
    assert added.status_code == 201
    refused = client.post(
        f"/api/v1/applications/{pk}/experience",
        {**entry, "library_type": "public"},
        content_type="application/json",
    )
    assert refused.json()["fields"]["library_type"] == (
        "Choose the type of organization from the list."
    )
