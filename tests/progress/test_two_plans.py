"""A candidate in two programs at once sees and uses both plans: `/plan/` lists them, each
program's plan is its own page, its forms act on that plan only, and the API names the program
(ADR 0055)."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.api import application_current_for, application_current_list_for
from certify.applications.decisions import application_accept
from certify.applications.models import Application
from certify.applications.services import application_start, application_submit
from certify.progress import kept_plan
from certify.progress.services import plan_ensure
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory
from tests.programs.test_two_programs import _apply, cpla_set_up


@pytest.fixture
def two(lsscp, staff):
    """Robin, accepted in LSSCP and then in CPLA (the newest), each plan opened."""
    cpla = cpla_set_up(staff)
    candidate = UserFactory(full_name="Robin Lee", roles=[Role.CANDIDATE])
    lsscp_app = _apply(candidate, lsscp, staff, education_level="diploma")
    cpla_app = _apply(candidate, cpla, staff, education_level="masters", education_accredited=True)
    for application in (lsscp_app, cpla_app):
        application_submit(application=application, actor=candidate)
        application_accept(application=application, actor=staff)
        application.refresh_from_db()
        plan_ensure(application=application)
    return candidate, lsscp_app, cpla_app


def _codes(application: Application) -> set[str]:
    return {
        p.competency_set.code for p in application.planned_sets.select_related("competency_set")
    }


def test_the_current_application_is_per_program(two, lsscp):
    candidate, lsscp_app, cpla_app = two
    assert application_current_for(candidate=candidate) == cpla_app  # the newest, as before
    assert application_current_for(candidate=candidate, program=lsscp) == lsscp_app
    assert application_current_for(candidate=candidate, program=cpla_app.program) == cpla_app
    assert count_queries(lambda: application_current_list_for(candidate=candidate)) == 1
    assert application_current_list_for(candidate=candidate) == [cpla_app, lsscp_app]


def test_plan_lists_both_plans_and_each_shows_its_own_sets(client, two):
    candidate, lsscp_app, cpla_app = two
    client.force_login(candidate)
    listing = client.get(reverse("progress:plan")).text
    assert "Your plans" in listing
    assert reverse("progress:plan_in", args=["lsscp"]) in listing
    assert reverse("progress:plan_in", args=["cpla"]) in listing

    lsscp_page = client.get(reverse("progress:plan_in", args=["lsscp"])).text
    cpla_page = client.get(reverse("progress:plan_in", args=["cpla"])).text
    assert "Management of Technology" not in lsscp_page
    assert "Budget and Finance" not in lsscp_page
    assert "Budget and Finance" in cpla_page
    assert lsscp_app.program.name in lsscp_page
    assert cpla_app.program.name in cpla_page
    # Each page's electives form posts back to its own program.
    assert f'action="{reverse("progress:electives_in", args=["cpla"])}#' in cpla_page
    assert f'action="{reverse("progress:electives_in", args=["lsscp"])}#' in lsscp_page


def test_electives_on_one_plan_change_that_plan_only(client, two):
    candidate, lsscp_app, cpla_app = two
    client.force_login(candidate)
    lsscp_before = _codes(lsscp_app)
    response = client.post(reverse("progress:electives_in", args=["cpla"]), {"electives": ["MK"]})
    assert response.status_code == 302
    assert response.url == reverse("progress:plan_in", args=["cpla"]) + "#main"
    assert _codes(cpla_app) == {"BF", "TEC", "MK"}
    assert _codes(lsscp_app) == lsscp_before

    # The form without a program does not guess between two plans: nothing changes.
    response = client.post(reverse("progress:electives"), {"electives": ["PN"]})
    assert response.url == reverse("progress:plan") + "#main"  # not `#electives-errors`
    assert _codes(cpla_app) == {"BF", "TEC", "MK"}


def test_a_route_choice_returns_to_the_plan_of_its_program(client, two):
    candidate, lsscp_app, _ = two
    client.force_login(candidate)
    row = lsscp_app.planned_sets.first()
    response = client.post(reverse("progress:route", args=[row.pk]), {"route": "portfolio"})
    assert response.url == reverse("progress:plan_in", args=["lsscp"])


def test_a_candidate_in_one_program_sees_her_plan_at_plan(client, lsscp, staff):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    client.force_login(candidate)
    page = client.get(reverse("progress:plan")).text
    assert "Your plan and progress" in page
    assert "Your plans" not in page
    # A newer draft in another program no longer hides her accepted plan.
    application_start(candidate=candidate, program=cpla_set_up(staff))
    page = client.get(reverse("progress:plan")).text
    assert "Your plan and progress" in page
    assert lsscp.name in page


def test_another_candidate_never_opens_someone_elses_plan_by_slug(client, two):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    for slug in ("lsscp", "cpla"):
        response = client.get(reverse("progress:plan_in", args=[slug]))
        assert response.status_code == 200
        assert "Your plan opens once your application is accepted" in response.text
        assert "Budget and Finance" not in response.text
        assert "Robin Lee" not in response.text
        refused = client.post(reverse("progress:electives_in", args=[slug]), {"electives": []})
        assert refused.url == reverse("progress:plan") + "#main"


def test_a_program_plan_page_keeps_its_query_count(client, two, lsscp):
    candidate = two[0]
    client.force_login(candidate)
    url = reverse("progress:plan_in", args=["cpla"])
    client.get(url)
    kept_plan.forget_all()  # the plan read afresh (a kept one reads none of its rows)
    few = count_queries(lambda: client.get(url))
    # More applications (earlier ones, withdrawn or not accepted) add no query to the plan; they
    # change the candidate's data version, so the next view reads the plan again.
    for status in (Application.Status.WITHDRAWN, Application.Status.REJECTED) * 2:
        ApplicationFactory(candidate=candidate, program=lsscp, status=status)
    assert count_queries(lambda: client.get(url)) == few
    # Viewed again: the session and the person's row only (ADR 0071).
    assert count_queries(lambda: client.get(url)) == 2 < few


def test_the_home_task_list_shows_each_programs_plan(client, two):
    candidate, lsscp_app, cpla_app = two
    client.force_login(candidate)
    home = client.get(reverse("accounts:home")).text
    assert f"Apply to {cpla_app.program.name}" in home
    assert f"Apply to {lsscp_app.program.name}" in home
    assert reverse("progress:plan_in", args=["lsscp"]) in home
    assert reverse("progress:plan_in", args=["cpla"]) in home


def test_the_plan_api_names_the_program(client, two):
    candidate, lsscp_app, cpla_app = two
    client.force_login(candidate)
    both = client.get("/api/v1/plan")
    assert both.status_code == 400
    assert "more than one program" in both.text
    cpla_sets = client.get("/api/v1/plan", {"program": "cpla"}).json()
    assert {s["competency_set"] for s in cpla_sets} == {"BF", "TEC"}
    lsscp_sets = client.get("/api/v1/plan", {"program": "lsscp"}).json()
    assert {s["competency_set"] for s in lsscp_sets} == _codes(lsscp_app)
    response = client.put(
        "/api/v1/plan/electives?program=cpla",
        {"electives": ["PN"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _codes(cpla_app) == {"BF", "TEC", "PN"}
    assert client.get("/api/v1/plan", {"program": "nowhere"}).status_code == 404
