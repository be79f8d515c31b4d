"""The bad inputs a candidate really makes on the application's forms (the product's rule:
"Forms ... explain what is wrong in the user's terms and keep what was typed"): each refused
with 400, the reason beside the field in plain words, every other typed value in the form
again, and nothing saved."""

import pytest
from django.urls import reverse

from certify.applications import services
from certify.applications.models import Application, ConfirmationRequest, ExperienceEntry
from certify.applications.services import supervisor_link
from tests.applications.test_views import ENTRY, entry_typed
from tests.bad_input import beside, kept, no_jargon
from tests.days import InDays, dated
from tests.factories import ApplicationFactory

# (what the candidate did, the fields as typed, the field refused, the words beside it)
EXPERIENCE = [
    ("left it all empty", dict.fromkeys(ENTRY, ""), "new-library_name", "Enter the name of"),
    (
        "a start in the future",
        {"new-start_date": InDays(30)},
        "new-start_date",
        "The start date is in the future",
    ),
    (
        "an end before the start",
        {"new-end_date": InDays(-400)},
        "new-end_date",
        "The end date is before the start date.",
    ),
    ("hours in words", {"new-hours_per_week": "twenty"}, "new-hours_per_week", "Enter a number."),
    ("negative hours", {"new-hours_per_week": "-5"}, "new-hours_per_week", "Enter 0 or more."),
    ("a week of 100 hours", {"new-hours_per_week": "100"}, "new-hours_per_week", "80"),
    (
        "a date typed the other way round",
        {"new-start_date": "31/02/2025"},
        "new-start_date",
        "Enter a date, for example 2025-03-15.",
    ),
    (
        "a name far too long",
        {"new-library_name": "R" * 400},
        "new-library_name",
        "Shorten this to 200 characters or fewer (it has 400).",
    ),
    (
        "a type no longer offered",
        {"new-library_type": "zoo"},
        "new-library_type",
        "Choose one of the options offered.",
    ),
    (
        "a way of giving hours no longer offered",
        {"new-hours_mode": "monthly"},
        "new-hours_mode",
        "Choose one of the options offered.",
    ),
    (
        "an e-mail without its domain",
        {"new-supervisor_email": "pat at library"},
        "new-supervisor_email",
        "Enter a valid email address.",
    ),
]


@pytest.fixture
def application(lsscp, applicant, client):
    client.force_login(applicant)
    return ApplicationFactory(candidate=applicant, program=lsscp)


@pytest.mark.parametrize(
    ("case", "changed", "field", "words"), EXPERIENCE, ids=[c[0] for c in EXPERIENCE]
)
def test_a_refused_job_says_why_beside_the_field_and_keeps_what_was_typed(
    client, application, case, changed, field, words
):
    typed = {**entry_typed(), "new-supervisor_name": "Pat Lee", **dated(changed, iso=True)}
    before = application.updated_at

    response = client.post(reverse("applications:experience_add", args=[application.pk]), typed)

    assert response.status_code == 400
    beside(response.text, field, words)
    no_jargon(response.text)
    for name, value in typed.items():
        if name != field or case == "left it all empty":
            kept(response.text, name, value)
    assert not ExperienceEntry.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.updated_at == before


def test_the_summary_names_the_field_django_s_words_are_about(client, application):
    typed = {**entry_typed(), "new-hours_per_week": "twenty", "new-library_type": "zoo"}
    response = client.post(reverse("applications:experience_add", args=[application.pk]), typed)
    summary = response.text.split('class="error-summary__list"', 1)[1].split("</ul>", 1)[0]
    assert "Hours per week: Enter a number." in summary
    assert "Type of library: Choose one of the options offered." in summary
    # The form's own words already say which field; they are not prefixed.
    response = client.post(
        reverse("applications:experience_add", args=[application.pk]),
        {**entry_typed(), "new-library_name": ""},
    )
    assert ">Enter the name of the library.</a>" in response.text


def test_a_job_sent_twice_is_saved_once(client, application):
    url = reverse("applications:experience_add", args=[application.pk])
    client.post(url, entry_typed())
    client.post(url, entry_typed())  # the button pressed again before the page came back
    assert ExperienceEntry.objects.filter(application=application).count() == 1


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"education_level": "phd", "education_country": "US"}, "education_level"),
        ({"education_level": "diploma", "education_country": "Narnia"}, "education_country"),
    ],
)
def test_a_refused_education_changes_nothing(client, application, typed, field):
    fields = ("education_level", "education_country", "education_note", "attested")
    saved = [getattr(application, name) for name in fields]
    response = client.post(
        reverse("applications:education", args=[application.pk]),
        {**typed, "education_note": "Two years abroad", "attested": "on"},
    )
    assert response.status_code == 400
    beside(response.text, field, "Choose one of the options offered.")
    no_jargon(response.text)
    kept(response.text, "education_note", "Two years abroad")
    application.refresh_from_db()
    assert [getattr(application, name) for name in fields] == saved


@pytest.mark.parametrize(
    ("typed", "field", "words"),
    [
        ({"answer": "correct", "hours": "lots", "note": "Fewer"}, "hours", "Enter a number."),
        ({"answer": "correct", "hours": "-3", "note": "Fewer"}, "hours", "Enter 0 or more."),
        ({"answer": "maybe", "hours": "", "note": "Fewer"}, "answer", "Choose one of the"),
    ],
)
def test_a_supervisor_s_refused_answer_records_nothing(client, draft, typed, field, words):
    entry = draft.experience.get()
    ExperienceEntry.objects.filter(pk=entry.pk).update(supervisor_email="pat@example.org")
    services.supervisor_request(entry=entry, actor=draft.candidate)
    confirmation = ConfirmationRequest.objects.get(entry=entry)
    url = reverse(
        "applications:supervisor", args=[supervisor_link(confirmation=confirmation).token]
    )
    state = (confirmation.answer, confirmation.ended)

    response = client.post(url, typed)

    assert response.status_code == 400
    beside(response.text, field, words)
    no_jargon(response.text)
    kept(response.text, "note", "Fewer")
    confirmation.refresh_from_db()
    assert (confirmation.answer, confirmation.ended) == state


def test_a_stale_form_sent_after_the_application_was_submitted_is_refused_as_typed(
    client, submitted, applicant
):
    """The page was open in another tab while the application was sent: the job and the
    education typed there are refused in words, still in the form, and nothing is changed."""
    client.force_login(applicant)
    note = submitted.education_note

    job = client.post(reverse("applications:experience_add", args=[submitted.pk]), entry_typed())
    education = client.post(
        reverse("applications:education", args=[submitted.pk]),
        {"education_level": "diploma", "education_country": "US", "education_note": "Typed"},
    )

    for response in (job, education):
        assert response.status_code == 400
        assert "can no longer be changed" in response.text
        no_jargon(response.text)
    kept(job.text, "new-role", entry_typed()["new-role"])
    kept(education.text, "education_note", "Typed")
    assert submitted.experience.count() == 1
    submitted.refresh_from_db()
    assert submitted.education_note == note
    assert submitted.status == Application.Status.SUBMITTED
