"""A rule change applies to new cases (RULINGS): an open application keeps the rules it was
submitted under, for the candidate, for staff deciding it and through the API, also when it
comes back for more information and is submitted again; a new application follows the new rule.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.applications import decisions, services
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.programs.setup import program_settings_update
from certify.progress import services as plans
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory

S = Application.Status


def _change(program, staff, section, **data):
    program_settings_update(program=program, actor=staff, section=section, data=data)


def _fresh(application):
    return Application.objects.select_related("program").get(pk=application.pk)


def test_a_submitted_application_keeps_the_hours_it_was_submitted_under(submitted, staff, client):
    required = submitted.program.experience_hours_required
    _change(submitted.program, staff, "eligibility", experience_hours_required=required + 200)
    application = _fresh(submitted)
    result = services.application_eligibility(application=application, on=application.window_end)
    assert (result.required, result.meets_hours) == (required, True)
    client.force_login(staff)
    page = client.get(application.get_staff_url()).text
    assert "The candidate has enough library experience." in page
    client.force_login(application.candidate)
    answer = client.get(f"/api/v1/applications/{application.pk}/eligibility").json()
    assert (answer["required"], answer["meets_hours"]) == (required, True)
    # Asked for more information, the same application is submitted again under its rules.
    decisions.application_request_info(
        application=application, actor=staff, reason="Name your supervisor, please."
    )
    again = services.application_submit(
        application=_fresh(application), actor=application.candidate
    )
    assert again.status == S.SUBMITTED


def test_a_new_application_follows_the_changed_rule(lsscp, staff):
    _change(
        lsscp, staff, "eligibility", experience_hours_required=lsscp.experience_hours_required + 200
    )
    candidate = UserFactory()
    application = ApplicationFactory(candidate=candidate, program=lsscp)
    ExperienceEntryFactory(application=application)
    with pytest.raises(DomainError, match="200 more hours are needed"):
        services.application_submit(application=_fresh(application), actor=candidate)


def test_an_enrolled_candidate_keeps_the_number_of_electives_they_enrolled_under(submitted, staff):
    application = decisions.application_accept(application=submitted, actor=staff)
    electives = application.program.electives_required
    _change(application.program, staff, "candidacy", electives_required=electives + 1)
    application = _fresh(application)
    codes = ["REF", "CAT", "YTH", "ACC"][:electives]
    plans.electives_choose(application=application, actor=application.candidate, set_codes=codes)
    for row in application.planned_sets.all():
        plans.planned_set_satisfy(planned=row, actor=None, route="course", evidence="Completed")
    assert plans.plan_is_complete(application=_fresh(application))


def test_a_submitted_applications_hours_are_those_of_its_window_on_every_door(
    submitted, staff, client, monkeypatch
):
    """Staff's page shows the hours inside the window that ended on the day of submission; the
    API answers the same for that application weeks later, not a window moved on to today."""
    later = timezone.now() + timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.force_login(staff)
    answer = client.get(f"/api/v1/applications/{submitted.pk}/eligibility").json()
    assert answer["window_end"] == submitted.window_end.isoformat()
    assert answer["hours"] == f"{submitted.eligible_hours:.2f}"


def test_an_application_accepted_after_a_rule_change_keeps_its_years_to_finish(submitted, staff):
    years = submitted.program.completion_limit_years
    _change(submitted.program, staff, "candidacy", completion_limit_years=years - 1)
    application = decisions.application_accept(application=_fresh(submitted), actor=staff)
    assert application.completion_deadline.year == application.enrolled_on.year + years
