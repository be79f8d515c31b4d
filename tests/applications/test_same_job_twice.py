"""The same job twice on one application would count its hours twice toward the experience rule:
the service refuses an entry that is one already there (the same workplace and role, case,
accents and spaces aside, the same dates and the same hours, given the same way), on adding it
and on changing another entry into it, beside the workplace's name on the page and in the API. Jobs
that overlap but differ are still accepted (staff see overlaps flagged)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from certify.applications import services
from certify.applications.experience_checks import ExperienceInvalidError
from certify.core.errors import DomainError
from tests.applications.test_views import entry_typed
from tests.days import InDays, dated

START_DAYS = -200
JOB = {
    "library_name": "Hillside Branch Library",
    "library_type": "public",
    "role": "Circulation assistant",
    "start_date": InDays(START_DAYS),
    "end_date": InDays(START_DAYS + 99),
    "hours_mode": "weekly",
    "hours_per_week": Decimal(20),
}


def already() -> str:
    """How the refusal begins, for JOB added on the day the test runs."""
    start = InDays(START_DAYS).date()
    return (
        "This job is already on your application: Circulation assistant at Hillside Branch "
        f"Library, from {start:%B} {start.day}, {start.year} to "
    )


def add(draft, applicant, **changes):
    return services.experience_save(application=draft, actor=applicant, **dated({**JOB, **changes}))


def test_the_same_job_twice_is_refused_beside_the_workplace(draft, applicant):
    add(draft, applicant)
    with pytest.raises(ExperienceInvalidError) as refused:
        add(draft, applicant)
    assert list(refused.value.fields) == ["library_name"]
    assert refused.value.fields["library_name"].startswith(already())
    assert refused.value.fields["library_name"].endswith(
        "with the same hours. A job counts once: change the one already there instead of "
        "adding it again."
    )
    assert draft.experience.count() == 2  # the fixture's job and the first Hillside one


def test_case_and_spaces_do_not_make_another_job(draft, applicant):
    add(draft, applicant)
    with pytest.raises(ExperienceInvalidError, match="already on your application"):
        add(
            draft,
            applicant,
            library_name="  hillside   BRANCH library ",
            role="CIRCULATION  Assistant",
            hours_per_week=Decimal("20.00"),
        )
    assert draft.experience.count() == 2


def test_accents_do_not_make_another_job(draft, applicant):
    """The names are compared as `core.names.fold` compares typed names: "Biblioteca Peña" is
    "Biblioteca Pena" typed on a keyboard without the letter."""
    add(draft, applicant, library_name="Biblioteca Peña", role="Asistente de circulación")
    with pytest.raises(ExperienceInvalidError, match="already on your application"):
        add(draft, applicant, library_name="Biblioteca Pena", role="Asistente de circulacion")


@pytest.mark.parametrize(
    "changes",
    [
        {"role": "Shelver"},  # another role at the same place, at the same time
        {"library_name": "Lakeside Library"},
        {"start_date": InDays(START_DAYS + 1)},
        {"end_date": InDays(START_DAYS + 100)},
        {"end_date": None},
        {"hours_per_week": Decimal("20.5")},
        {"hours_mode": "total", "hours_per_week": None, "total_hours": Decimal(20)},
    ],
)
def test_overlapping_but_different_jobs_are_still_accepted(draft, applicant, changes):
    add(draft, applicant)
    add(draft, applicant, **changes)
    assert draft.experience.count() == 3


def test_changing_an_entry_into_one_already_there_is_refused(draft, applicant):
    add(draft, applicant)
    other = add(draft, applicant, role="Shelver")
    with pytest.raises(ExperienceInvalidError, match="already on your application"):
        services.experience_save(
            application=draft, actor=applicant, entry=other, role="Circulation assistant"
        )
    other.refresh_from_db()
    assert other.role == "Shelver"
    # Saving an entry unchanged (an autosave) is not adding it again.
    services.experience_save(application=draft, actor=applicant, entry=other, role="Shelver")


def test_a_removed_job_is_not_put_back_over_the_same_job_added_again(draft, applicant):
    first = add(draft, applicant)
    services.experience_delete(entry=first, actor=applicant)
    add(draft, applicant)  # added again after removing it: allowed, the first is gone
    with pytest.raises(DomainError, match="It cannot be put back: the same job is on your"):
        services.experience_restore(application=draft, entry_id=first.pk, actor=applicant)
    assert draft.experience.count() == 2


def test_the_page_shows_it_beside_the_field_keeping_what_was_typed(client, draft, applicant):
    client.force_login(applicant)
    url = reverse("applications:experience_add", args=[draft.pk])
    assert client.post(url, entry_typed()).status_code == 302
    data = {**entry_typed(), "new-library_name": " riverside public LIBRARY"}
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.text
    start = page.rindex("<p", 0, page.index('for="id_new-library_name"'))
    field = page[start : page.index("</p>", start)]
    assert '<ul class="errorlist" id="id_new-library_name_error"><li>This job is already on' in (
        field
    )
    assert 'value=" riverside public LIBRARY"' in field
    assert 'aria-invalid="true"' in field
    assert draft.experience.count() == 2


def test_the_api_names_the_field(client, draft, applicant):
    client.force_login(applicant)
    url = f"/api/v1/applications/{draft.pk}/experience"
    body = {k: (str(v) if v is not None else None) for k, v in dated(JOB).items()}
    assert client.post(url, body, content_type="application/json").status_code == 201
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"]["library_name"].startswith(already())
    assert draft.experience.count() == 2
