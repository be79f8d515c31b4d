import pytest

from certify.progress.models import PlannedSet


@pytest.mark.parametrize(
    ("route", "status", "starts"),
    [
        ("", "not_started", "Choose how you will show this set"),
        ("course", "not_started", "Complete an approved course"),
        ("portfolio", "not_started", "Start the portfolio"),
        ("portfolio", "in_progress", "Finish and submit the portfolio"),
        ("programme", "not_started", "Claim your recognized college program"),
        ("course", "satisfied", ""),
    ],
)
def test_each_set_says_what_to_do_next(route, status, starts):
    step = PlannedSet(route=route, status=status).next_step
    assert step.startswith(starts)
    assert (step == "") is (starts == "")


def test_the_plan_page_shows_the_next_step_and_the_time_left(client, lsscp):
    from certify.accounts.models import Role
    from certify.applications.models import Application
    from certify.progress.services import plan_ensure
    from tests.factories import ApplicationFactory, UserFactory

    candidate = UserFactory(roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate,
        program=lsscp,
        status=Application.Status.ACCEPTED,
        completion_deadline="2030-01-01",
    )
    plan_ensure(application=application)  # as on acceptance
    client.force_login(candidate)
    html = client.get("/plan/").text
    assert "<strong>Next:</strong> Choose how you will show this set" in html
    assert "left until your deadline" in html
