"""A job's hours are refused, beside the field, when they cannot be true of one job: more than a
sane maximum in a usual week, or a total that does not fit between the dates. The service refuses
them (every door calls it), and the page's form says the same words beside each field, keeping
what was typed (ADR 0043)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.applications import services
from certify.applications.experience_checks import (
    MAX_WEEKLY_HOURS,
    ExperienceInvalidError,
    experience_problems,
    most_total_hours,
)
from certify.applications.forms import ExperienceForm
from tests.applications.test_views import entry_typed

WEEKLY_TOO_MANY = f"Enter the hours you work in a usual week: at most {MAX_WEEKLY_HOURS}."
TODAY = date(2026, 6, 30)


def problems(**fields):
    entry = {
        "start_date": date(2026, 1, 1),
        "end_date": None,
        "hours_mode": "weekly",
        "hours_per_week": Decimal(20),
        "total_hours": None,
        "today": TODAY,
    }
    return experience_problems(**{**entry, **fields})


def test_weekly_hours_up_to_the_maximum_pass_and_above_are_refused():
    assert problems(hours_per_week=Decimal(MAX_WEEKLY_HOURS)) == {}
    assert problems(hours_per_week=Decimal("80.5")) == {"hours_per_week": WEEKLY_TOO_MANY}
    assert problems(hours_per_week=Decimal(200)) == {"hours_per_week": WEEKLY_TOO_MANY}


def test_a_total_must_fit_between_the_dates():
    # One week, both days included: 7 days hold at most 80 hours.
    week = {"hours_mode": "total", "start_date": date(2026, 3, 1), "end_date": date(2026, 3, 7)}
    assert problems(**week, total_hours=Decimal(80)) == {}
    assert problems(**week, total_hours=Decimal(81)) == {
        "total_hours": "Enter the total hours you worked there: at most 80 between these dates "
        "(80 hours a week)."
    }
    # A job still going counts to today.
    ongoing = {"hours_mode": "total", "start_date": TODAY - timedelta(days=69), "end_date": None}
    assert most_total_hours(start_date=ongoing["start_date"], end_date=None, today=TODAY) == 800
    assert problems(**ongoing, total_hours=Decimal(800)) == {}
    assert "at most 800 between" in problems(**ongoing, total_hours=Decimal(801))["total_hours"]


def test_the_hours_asked_for_are_the_ones_the_mode_names():
    assert problems(hours_per_week=None) == {
        "hours_per_week": "Enter the hours you work in a usual week."
    }
    assert problems(hours_mode="total", hours_per_week=Decimal(500)) == {
        "total_hours": "Enter the total hours you worked there."
    }


def test_an_end_before_the_start_is_refused_and_the_total_is_not_judged_on_it():
    assert problems(
        hours_mode="total",
        start_date=date(2026, 3, 1),
        end_date=date(2026, 2, 1),
        total_hours=Decimal(10_000),
    ) == {"end_date": "The end date is before the start date."}


def test_a_job_starting_or_ending_in_the_future_is_refused_by_field():
    """Work not done yet is not experience: refused before it is saved (both doors), not left
    for the eligibility rule to find at submission."""
    assert (
        most_total_hours(start_date=TODAY + timedelta(days=1), end_date=None, today=TODAY) is None
    )
    assert problems(hours_mode="total", start_date=TODAY + timedelta(days=1), total_hours=1) == {
        "start_date": "The start date is in the future: enter work you have done."
    }
    assert problems(
        hours_mode="total",
        start_date=TODAY - timedelta(days=30),
        end_date=TODAY + timedelta(days=1),
        total_hours=1,
    ) == {"end_date": "The end date is in the future: leave it empty if you still work there."}


def test_the_service_refuses_200_hours_a_week_by_field(draft, applicant):
    entry = draft.experience.get()
    with pytest.raises(ExperienceInvalidError) as refused:
        services.experience_save(
            application=draft, actor=applicant, entry=entry, hours_per_week=Decimal(200)
        )
    assert refused.value.fields == {"hours_per_week": WEEKLY_TOO_MANY}
    assert refused.value.field == "hours_per_week"
    assert refused.value.message == WEEKLY_TOO_MANY
    entry.refresh_from_db()
    assert entry.hours_per_week != 200


def test_the_service_refuses_missing_hours_too(draft, applicant):
    """The page's form asked for them; the service (the API's door) did not."""
    with pytest.raises(ExperienceInvalidError) as refused:
        services.experience_save(
            application=draft,
            actor=applicant,
            library_name="Hillside Branch",
            library_type="public",
            role="Page",
            start_date=timezone.localdate() - timedelta(days=30),
            hours_mode="total",
            total_hours=None,
        )
    assert refused.value.fields == {"total_hours": "Enter the total hours you worked there."}
    assert draft.experience.count() == 1


def test_the_form_says_what_the_service_says():
    data = {k[4:]: v for k, v in entry_typed().items()} | {"hours_per_week": "200"}
    form = ExperienceForm(data)
    assert not form.is_valid()
    assert form.errors == {"hours_per_week": [WEEKLY_TOO_MANY]}


def test_a_number_that_cannot_be_read_is_not_also_called_missing():
    data = {k[4:]: v for k, v in entry_typed().items()} | {"hours_per_week": "twenty"}
    form = ExperienceForm(data)
    assert not form.is_valid()
    assert form.errors == {"hours_per_week": ["Enter a number."]}


def field_paragraph(page: str, name: str) -> str:
    """The paragraph that holds one field of the new-job form: its label, error and input."""
    start = page.rindex("<p", 0, page.index(f'for="id_new-{name}"'))
    return page[start : page.index("</p>", start)]


def test_200_hours_a_week_are_refused_beside_the_field_keeping_what_was_typed(
    client, draft, applicant
):
    client.force_login(applicant)
    data = {**entry_typed(), "new-hours_per_week": "200", "new-library_name": "Hillside Branch"}

    response = client.post(reverse("applications:experience_add", args=[draft.pk]), data)

    assert response.status_code == 400
    page = response.text
    hours = field_paragraph(page, "hours_per_week")
    assert f'<ul class="errorlist" id="id_new-hours_per_week_error"><li>{WEEKLY_TOO_MANY}' in hours
    assert 'value="200"' in hours
    assert 'aria-invalid="true"' in hours
    assert 'aria-describedby="id_new-hours_per_week_helptext id_new-hours_per_week_error"' in hours
    assert 'id="id_new-hours_per_week_helptext"' in hours  # the help it points to exists
    assert 'value="Hillside Branch"' in page
    # The summary at the top of this form links to the field; the page lands on it.
    assert f'<li><a href="#id_new-hours_per_week">{WEEKLY_TOO_MANY}</a></li>' in page
    assert 'id="entry-new-errors" tabindex="-1" data-error-summary' in page
    assert (
        f'action="{reverse("applications:experience_add", args=[draft.pk])}#entry-new-errors"'
        in (page)
    )
    assert draft.experience.count() == 1


def test_a_refused_autosave_shows_the_error_beside_the_field(client, draft, applicant):
    client.force_login(applicant)
    entry = draft.experience.get()
    data = {f"e{entry.pk}-{k[4:]}": v for k, v in entry_typed().items()}
    data[f"e{entry.pk}-hours_per_week"] = "200"
    response = client.post(
        reverse("applications:experience_edit", args=[draft.pk, entry.pk]),
        data,
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Retarget"] == f"#entry-{entry.pk}"
    assert f'id="id_e{entry.pk}-hours_per_week_error"><li>{WEEKLY_TOO_MANY}' in response.text
    assert 'value="200"' in response.text
    entry.refresh_from_db()
    assert entry.hours_per_week != 200


def test_only_the_hours_field_of_the_chosen_way_is_shown_by_the_script(client, draft, applicant):
    """Both hours fields are in the page (without JavaScript both show); each says when it
    applies, for forms.js."""
    client.force_login(applicant)
    page = client.get(draft.get_absolute_url()).text
    assert '<p data-show-when="new-hours_mode=weekly"><label for="id_new-hours_per_week">' in page
    assert '<p data-show-when="new-hours_mode=total"><label for="id_new-total_hours">' in page
    entry = draft.experience.get()
    assert f'<p data-show-when="e{entry.pk}-hours_mode=weekly">' in page
    assert "certify/js/forms.js" in page
