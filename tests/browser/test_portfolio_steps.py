"""The portfolio in steps, in chromium at a 320 px phone and a 1280 px desktop (ADR 0044): the
overview's checklist links to the very field that is missing; the stepper moves to the next and
the previous competency; a response typed on a competency page saves itself. axe-core on every
page; nothing scrolls sideways at 320 px."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.loaddata.demo.certificates import demo_enrolled_create
from certify.portfolios.models import Response
from certify.portfolios.services import portfolio_open, response_save
from certify.programs.models import Program
from certify.progress.services import route_choose

from .conftest import fits

CANDIDATE = ("stepper@example.org", "Sasha Stepper")
SIZES = {
    "phone": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
SAVED = re.compile(r"^Saved at \d{1,2}:\d\d [ap]\.m\.$")


@pytest.fixture
def portfolio(site_url: str) -> tuple[int, list[Response]]:
    """A candidate with the Communication and Teamwork portfolio open, the first competency
    answered: (planned set, responses in order)."""
    program = Program.objects.get(slug="lsscp")
    user, application, _ = demo_enrolled_create(
        program=program,
        staff=User.objects.get(email="staff@example.org"),
        email=CANDIDATE[0],
        name=CANDIDATE[1],
        library_name="Riverside Public Library",
        role="Library assistant",
    )
    assert application is not None
    planned = route_choose(
        planned=application.planned_sets.get(competency_set__code="CT"),
        actor=user,
        route="portfolio",
    )
    opened = portfolio_open(planned=planned, actor=user)
    rows = list(opened.responses.select_related("competency"))
    response_save(response=rows[0], actor=user, narrative="I run the desk rota every week.")
    return planned.pk, rows


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_checklist_links_to_the_missing_field_and_the_stepper_moves_between_competencies(
    open_page: Callable[..., Page], sign_in, assert_accessible, portfolio, size, console_errors
):
    planned_id, rows = portfolio
    page = open_page(**SIZES[size])
    sign_in(page, CANDIDATE[0])
    page.goto(f"/portfolios/{planned_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Portfolio: Communication and Teamwork"
    )
    assert_accessible(page)
    fits(page)

    # The checklist names what is missing and links to that very text box.
    second = rows[1]
    code = second.competency.code
    checklist = page.locator("#checklist")
    with page.expect_navigation():
        checklist.get_by_role("link", name=f"{code}: write a response or add evidence.").click()
    assert page.url.endswith(f"/competencies/{code}/#narrative-{second.pk}")
    expect(page.locator(f"#narrative-{second.pk}")).to_be_in_viewport()
    expect(page.locator(".stepper__count")).to_have_text(f"Competency 2 of {len(rows)}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    assert_accessible(page)
    fits(page)  # the step list wraps rather than scroll sideways

    # Next, then previous.
    third = rows[2].competency.code
    with page.expect_navigation():
        page.get_by_role("link", name=f"Next: {third}").click()
    expect(page.locator(".stepper__count")).to_have_text(f"Competency 3 of {len(rows)}")
    expect(page.locator('[aria-current="step"]')).to_contain_text("3")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Previous: {code}").click()
    expect(page.locator(".stepper__count")).to_have_text(f"Competency 2 of {len(rows)}")

    # A step in the compact list: the last competency, whose "next" leads back to the checklist.
    with page.expect_navigation():
        page.locator(".stepper__steps").get_by_role(
            "link", name=re.compile(rf"^{len(rows)} ")
        ).click()
    expect(page.locator(".stepper__count")).to_have_text(f"Competency {len(rows)} of {len(rows)}")
    fits(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Back to the checklist to submit").click()
    expect(page.get_by_role("link", name="Check your answers and submit")).to_be_visible()
    assert console_errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_typing_a_response_on_a_competency_page_saves_it(
    open_page: Callable[..., Page], sign_in, assert_accessible, portfolio, size, console_errors
):
    planned_id, rows = portfolio
    row = rows[3]
    page = open_page(**SIZES[size])
    sign_in(page, CANDIDATE[0])
    page.goto(f"/portfolios/{planned_id}/competencies/{row.competency.code}/")
    checklist = page.locator("#checklist")
    expect(checklist.get_by_role("link", name=re.compile(row.competency.code))).to_have_count(1)
    field = page.locator(f"#narrative-{row.pk}")
    field.fill("I train new volunteers on the self-checkout machines.")
    expect(page.locator(f"#status-{row.pk}")).to_have_text(SAVED)
    row.refresh_from_db()
    assert row.narrative == "I train new volunteers on the self-checkout machines."
    # The checklist beside it learned it too, without a reload.
    expect(checklist.get_by_role("link", name=re.compile(row.competency.code))).to_have_count(0)
    assert_accessible(page)
    fits(page)

    # The overview shows the competency as done.
    page.goto(f"/portfolios/{planned_id}/")
    item = page.locator(f"#c-{row.competency.code}")
    expect(item).to_contain_text("Response written")
    expect(item.locator(".tag")).to_have_text("Done")
    assert console_errors == []
