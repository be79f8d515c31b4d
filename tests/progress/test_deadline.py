"""The completion deadline is a rule (ADR 0073): from the day after it, in the program's time
zone, the candidate chooses no electives or routes (new work) until staff extend it; the page
and the API refuse in the same words and change nothing. The plan and the task list say so."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import candidate_tasks
from certify.accounts.models import Role
from certify.applications.api import deadline_extend
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.progress.api import deadline_has_passed, deadline_require_open
from certify.progress.models import PlannedSet
from certify.progress.services import electives_choose, plan_ensure, route_choose
from tests.deadline import DEADLINE, LAST_MINUTE, NEXT_DAY, WORDS
from tests.factories import ApplicationFactory, UserFactory


@pytest.fixture
def application(lsscp):
    lsscp.time_zone = "Pacific/Auckland"
    lsscp.save(update_fields=["time_zone"])
    candidate = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate,
        program=lsscp,
        status=Application.Status.ACCEPTED,
        completion_deadline=DEADLINE,
    )
    plan_ensure(application=application)
    return application


def _electives(application):
    electives = application.program.competency_sets.filter(kind="elective").order_by("order")
    return [s.code for s in electives[: application.program.electives_required]]


def _ct(application):
    return application.planned_sets.get(competency_set__code="CT")


def test_the_deadline_day_counts_to_its_end_in_the_programs_time_zone(application, at):
    at(LAST_MINUTE)
    assert not deadline_has_passed(application=application)
    deadline_require_open(application=application)
    at(NEXT_DAY)  # still December 1 in the site's zone: the program's zone decides
    assert timezone.localdate() == DEADLINE
    assert deadline_has_passed(application=application)
    with pytest.raises(DomainError) as refused:
        deadline_require_open(application=application)
    assert refused.value.message == WORDS


def test_no_deadline_never_passes(application, at):
    application.completion_deadline = None
    at(NEXT_DAY)
    assert not deadline_has_passed(application=application)


def test_a_route_is_chosen_on_the_deadline_day_and_refused_the_next_day(application, at):
    at(LAST_MINUTE)
    route_choose(planned=_ct(application), actor=application.candidate, route="course")
    at(NEXT_DAY)
    with pytest.raises(DomainError, match=WORDS):
        route_choose(planned=_ct(application), actor=application.candidate, route="portfolio")
    assert _ct(application).route == "course"


def test_the_route_page_and_api_refuse_in_the_same_words_and_change_nothing(
    application, at, client
):
    at(NEXT_DAY)
    client.force_login(application.candidate)
    planned = _ct(application)
    page = client.post(
        reverse("progress:route", args=[planned.pk]), {"route": "course"}, follow=True
    )
    assert WORDS in page.text
    api = client.put(
        f"/api/v1/plan/{planned.pk}/route", {"route": "course"}, content_type="application/json"
    )
    assert api.status_code == 400
    assert api.json()["detail"] == WORDS
    planned.refresh_from_db()
    assert (planned.route, planned.status) == ("", PlannedSet.Status.NOT_STARTED)


def test_electives_are_refused_after_the_deadline_on_the_page_and_the_api(application, at, client):
    at(NEXT_DAY)
    client.force_login(application.candidate)
    codes = _electives(application)
    page = client.post(
        reverse("progress:electives_in", args=[application.program.slug]), {"electives": codes}
    )
    assert page.status_code == 400
    assert WORDS in page.text
    api = client.put(
        "/api/v1/plan/electives?program=" + application.program.slug,
        {"electives": codes},
        content_type="application/json",
    )
    assert (api.status_code, api.json()["detail"]) == (400, WORDS)
    assert not application.planned_sets.filter(competency_set__kind="elective").exists()


def test_after_an_extension_the_candidate_chooses_again(application, at, staff):
    at(NEXT_DAY)
    with pytest.raises(DomainError, match=WORDS):
        route_choose(planned=_ct(application), actor=application.candidate, route="course")
    deadline_extend(
        application=application,
        actor=staff,
        new_deadline=date(2027, 6, 1),
        reason="Family leave",
    )
    application.refresh_from_db()
    assert route_choose(planned=_ct(application), actor=application.candidate, route="course")
    electives_choose(
        application=application, actor=application.candidate, set_codes=_electives(application)
    )


def test_the_plan_and_the_task_list_say_the_deadline_has_passed(application, at, client):
    at(LAST_MINUTE)
    client.force_login(application.candidate)  # at that moment: a session begun a month before
    before = client.get("/plan/").text
    assert "left until your deadline" in before
    assert "Your deadline to finish has passed" not in before
    assert "deadline" not in {task.key for task in candidate_tasks(user=application.candidate)}
    at(NEXT_DAY)
    after = client.get("/plan/").text  # the plan kept from before is not given again
    assert "Your deadline to finish has passed" in after
    assert WORDS in after
    assert "wait until staff extend your deadline" in after
    tasks = {task.key: task for task in candidate_tasks(user=application.candidate)}
    assert tasks["deadline"].hint.startswith(WORDS)
    assert "new submissions wait for an extension" in tasks["deadline"].hint


def test_after_the_deadline_the_plan_offers_no_action_that_would_be_refused(
    application, at, client
):
    """The route forms, "Start the portfolio", "Record a course completion" and the electives'
    form go (each would be refused, ADR 0073); the deadline's words take their place, and
    opening a portfolio already started stays (its draft is kept, its review followed). The
    home page's task list offers the same."""
    from certify.portfolios.services import portfolio_open

    candidate = application.candidate
    at(LAST_MINUTE)
    ct = route_choose(planned=_ct(application), actor=candidate, route="portfolio")
    portfolio_open(planned=ct, actor=candidate)
    rows = application.planned_sets.exclude(pk=ct.pk).select_related("competency_set")
    by_course = next(r for r in rows if r.competency_set.routes in ("both", "course"))
    route_choose(planned=by_course, actor=candidate, route="course")
    client.force_login(candidate)
    before = client.get("/plan/").text
    for offered in ("How will you show it?", "Record a course completion", "Save my electives"):
        assert offered in before
    assert "Open the portfolio" in before
    at(NEXT_DAY)
    after = client.get("/plan/").text
    for refused in (
        "How will you show it?",
        reverse("progress:route", args=[by_course.pk]),
        "Start the portfolio",
        "Record a course completion",
        "Claim your recognized program",
        "Save my electives",
    ):
        assert refused not in after, refused
    assert "Open the portfolio" in after
    assert f"<strong>Next:</strong> {WORDS}" in after
    assert f"{WORDS} Work you submitted by then is still reviewed" in after
    assert f"You cannot choose your electives now. {WORDS}" in after
    assert "Your way to show it: approved course." in after
    # The home page's task list the same: the plan and the draft, nothing that is refused.
    tasks = {task.key: task for task in candidate_tasks(user=candidate)}
    offered = {t.action_label for k, t in tasks.items() if k == "electives" or k[:4] == "set-"}
    assert offered == {"", "Open the portfolio"}
    # What cannot start until an extension offers nothing; the deadline's row leads to the plan.
    assert tasks[f"set-{by_course.pk}"].hint == WORDS
    assert tasks[f"set-{by_course.pk}"].status == "cannot_start"
    assert tasks[f"set-{by_course.pk}"].action_url == ""
    assert tasks[f"set-{ct.pk}"].hint.startswith(WORDS)
    assert tasks[f"set-{ct.pk}"].action_label == "Open the portfolio"
    assert (tasks["electives"].hint, tasks["electives"].action_url) == (WORDS, "")
    assert tasks["electives"].status == "cannot_start"
    assert (tasks["deadline"].status, tasks["deadline"].action_label) == (
        "closed",
        "See what still counts on your plan",
    )
