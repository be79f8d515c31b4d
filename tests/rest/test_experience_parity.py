"""The same bad job through the page's form and through the API is refused with the same words,
named by the same field: the rule lives in the service both call (ADR 0043)."""

import pytest
from django.urls import reverse

from certify.applications.experience_checks import MAX_WEEKLY_HOURS
from certify.applications.forms import ExperienceForm
from certify.applications.models import ExperienceEntry
from tests.days import InDays, dated
from tests.factories import ApplicationFactory

START_DAYS = -(52 * 7 - 1)
JOB = {
    "library_name": "Riverside Public Library",
    "library_type": "public",
    "role": "Circulation assistant",
    "start_date": InDays(START_DAYS),
    "hours_mode": "weekly",
    "hours_per_week": "35",
}
BAD_JOBS = {
    "too many hours a week": ({"hours_per_week": "200"}, "hours_per_week"),
    "a total that cannot fit between the dates": (
        {
            "hours_mode": "total",
            "hours_per_week": None,
            "start_date": InDays(START_DAYS + 357),
            "end_date": InDays(START_DAYS + 363),
            "total_hours": "500",
        },
        "total_hours",
    ),
    "no weekly hours": ({"hours_per_week": None}, "hours_per_week"),
    "no total hours": ({"hours_mode": "total", "hours_per_week": None}, "total_hours"),
    "an end before the start": (
        {"end_date": InDays(START_DAYS - 1)},
        "end_date",
    ),
}


@pytest.fixture
def draft(lsscp, candidate):
    return ApplicationFactory(candidate=candidate, program=lsscp)


@pytest.mark.parametrize("case", BAD_JOBS)
def test_the_form_and_the_api_refuse_the_same_job_the_same_way(client, draft, case):
    change, field = BAD_JOBS[case]
    job = dated({**JOB, **change}, iso=True)
    client.force_login(draft.candidate)

    api = client.post(
        f"/api/v1/applications/{draft.pk}/experience", job, content_type="application/json"
    )
    form_data = {f"new-{k}": "" if v is None else v for k, v in job.items()}
    page = client.post(reverse("applications:experience_add", args=[draft.pk]), form_data)

    assert api.status_code == 400
    problem = api.json()
    form = ExperienceForm({k: "" if v is None else v for k, v in job.items()})
    assert not form.is_valid()
    said = form.errors[field][0]
    assert problem["fields"] == {field: said}
    assert problem["field"] == field
    assert problem["detail"] == said
    assert page.status_code == 400
    assert f'id="id_new-{field}_error"><li>{said}</li>' in page.text
    assert not ExperienceEntry.objects.exists()


def test_the_api_takes_the_most_hours_a_week(client, draft):
    client.force_login(draft.candidate)
    response = client.post(
        f"/api/v1/applications/{draft.pk}/experience",
        dated({**JOB, "hours_per_week": str(MAX_WEEKLY_HOURS)}, iso=True),
        content_type="application/json",
    )
    assert response.status_code == 201
