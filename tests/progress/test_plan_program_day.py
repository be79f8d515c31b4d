"""The plan says the day a set was completed in the program's time zone (RULINGS: dates are shown
there), not the site's: a set completed at 23:30 in Denver was completed that day, though it is
already the next day in Chicago (the site's `TIME_ZONE`)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.rows import date_texts
from certify.programs.api import program_zone
from certify.progress import services
from certify.progress.plan_rows import completed_on_text
from tests.factories import ApplicationFactory, UserFactory

# 3 March 2027, 06:30 UTC: 00:30 on the 3rd in Chicago, still 23:30 on the 2nd in Denver.
MOMENT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)


@pytest.mark.database_free
def test_the_completion_day_is_the_day_in_the_programs_time_zone():
    text = date_texts()
    assert completed_on_text(MOMENT, text, program_zone("America/Denver")) == "March 2, 2027"
    assert completed_on_text(MOMENT, text, program_zone("America/Chicago")) == "March 3, 2027"
    assert completed_on_text(MOMENT, text) == "March 3, 2027"  # without a zone: the site's


def test_the_plan_page_says_the_day_a_set_was_completed_in_denver(client, lsscp, monkeypatch):
    lsscp.time_zone = "America/Denver"
    lsscp.save(update_fields=["time_zone"])
    candidate = UserFactory(roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )
    services.plan_ensure(application=application)
    fls = application.planned_sets.get(competency_set__code="FLS")
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    services.planned_set_satisfy(planned=fls, actor=None, route="course", evidence="A course")
    client.force_login(candidate)
    page = client.get(reverse("progress:plan")).text
    assert "Completed March 2, 2027 by approved course: A course." in page
