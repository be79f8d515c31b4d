"""The candidate's pages whose words changed, on a 390 and a 320 px phone with axe-core
(`test_phone_walks.phone_problems`): each says the program's terms plainly once and what to do
next. In a real browser, a refused choice of electives lands on its error summary, and the save
that works afterwards leaves no `#electives-errors` in the address (a browser keeps the
fragment it posted to across a redirect that names none: ADR 0043, amended)."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.plain_words import PLAIN
from certify.loaddata.demo.applications import demo_applications_create
from certify.portfolios.models import Portfolio
from certify.portfolios.services import portfolio_open
from certify.programs.models import Program
from certify.progress.services import plan_ensure, route_choose
from tests.progress.test_plan_portfolio_steps import set_status

from .test_phone_walks import PHONE, phone_problems

pytestmark = pytest.mark.django_db(transaction=True)

ELECTIVES = ("Reference and Information Services", "Youth Services", "Access Services")


@pytest.fixture
def dana(site_url) -> Application:
    """The demo candidate, accepted: Communication and Teamwork by a portfolio in draft,
    Technology's portfolio not met for good, Foundations by an approved course."""
    program = Program.objects.get(slug="lsscp")
    demo_applications_create(program=program, staff=User.objects.get(email="staff@example.org"))
    application = Application.objects.get(candidate__email="candidate@example.org")
    plan_ensure(application=application)
    candidate = application.candidate
    for code, route in (("CT", "portfolio"), ("TEC", "portfolio"), ("FLS", "course")):
        planned = application.planned_sets.get(competency_set__code=code)
        route_choose(planned=planned, actor=candidate, route=route)
        if route == "portfolio":
            portfolio_open(planned=planned, actor=candidate)
    technology = application.planned_sets.get(competency_set__code="TEC")
    failed = Portfolio.objects.get(planned_set=technology)
    failed.submissions.create(number=1, snapshot={})
    set_status(failed, Portfolio.Status.FAILED)
    return application


def _check(page: Page, found: dict[str, list[str]], path: str) -> str:
    response = page.goto(path)
    assert response is not None, path
    assert response.status == 200, path
    if problems := phone_problems(page):
        found[path] = problems
    page.set_viewport_size(PHONE["viewport"])
    return page.locator("main").inner_text()


def test_the_candidates_pages_say_their_terms_plainly_and_what_to_do_next(
    open_page: Callable[..., Page], sign_in, dana, console_errors
):
    found: dict[str, list[str]] = {}
    public = open_page(**PHONE)
    for path, said in (
        ("/programs/lsscp/competencies/", "competency_set"),
        ("/programs/lsscp/competencies/tec/", "evidence"),
        ("/programs/lsscp/ways-to-show-competence/", "show_competence"),
    ):
        text = _check(public, found, path)
        assert "Next: check who can apply" in text, path
        assert PLAIN[said] in text, path

    page = open_page(**PHONE)
    sign_in(page, "candidate@example.org")
    sets = {p.competency_set.code: p.pk for p in dana.planned_sets.select_related("competency_set")}
    home = _check(page, found, "/account/")
    assert PLAIN["show_competence"] in home
    assert "Choose another way to show it" in home or "Read the result" in home
    plan = _check(page, found, "/plan/")
    assert PLAIN["competency_set"] in plan
    assert "route" not in plan.lower()
    for path in (
        f"/portfolios/{sets['CT']}/",
        f"/portfolios/{sets['TEC']}/",
        f"/plan/sets/{sets['FLS']}/course/",
    ):
        _check(page, found, path)
    overview = page.goto(f"/portfolios/{sets['CT']}/")
    assert overview is not None
    expect(page.locator("main")).to_contain_text(PLAIN["evidence"])

    # Electives: refused first (two of three), the page lands on the summary; then saved, and
    # the address keeps no fragment of the form's.
    page.goto("/plan/")
    for elective in ELECTIVES[:2]:
        page.get_by_label(elective).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my electives").click()
    assert page.url.endswith("#electives-errors")
    expect(page.locator("#electives-errors")).to_be_in_viewport()
    page.get_by_label(ELECTIVES[2]).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my electives").click()
    expect(page.locator("main")).to_contain_text("Your electives are saved.")
    assert "errors" not in page.url
    assert page.url.endswith("/plan/programs/lsscp/#main")
    page.reload()
    expect(page.locator("main")).not_to_contain_text("There is a problem")

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 400" not in e] == []
