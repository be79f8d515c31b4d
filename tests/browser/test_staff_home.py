"""The staff home in chromium (ADR 0047): the work waiting, one click into its filtered queue,
and the staff navigation's disclosures by keyboard (their links' focus visible); axe-core
clean, no sideways scrolling at 1280, 390 and 320 px."""

import re

from playwright.sync_api import expect

from .wcag22 import tab_through

STAFF = "staff@example.org"


def _work_waiting(program_slug: str = "lsscp") -> None:
    from certify.applications.models import Application
    from certify.applications.services import application_submit
    from certify.programs.models import Program
    from tests.factories import ApplicationFactory, ExperienceEntryFactory

    program = Program.objects.get(slug=program_slug)
    for _ in range(2):
        application = ApplicationFactory(program=program)
        ExperienceEntryFactory(application=application)
        application_submit(application=application, actor=application.candidate)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.MORE_INFO)


def test_staff_go_from_their_home_to_the_waiting_items_in_one_click(page, sign_in, workspace_step):
    _work_waiting()
    sign_in(page, STAFF)
    expect(page.get_by_role("link", name="Open your staff home")).to_be_visible()
    page.goto("/staff/")
    expect(page.get_by_role("heading", name="The work waiting", level=1)).to_be_visible()
    workspace_step(page, "staff-home")

    # The navigation's staff groups open from the keyboard (native <details>).
    summary = page.locator("summary", has_text="Applications and people")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#site-nav").get_by_role("link", name="Appeals")).to_be_visible()
    # Into the open group: each link's focus shows with 3:1 and none is hidden (WCAG 2.4.7,
    # 1.4.11, 2.4.11), over the page below as the list hangs over it.
    problems = tab_through(page, 3)
    assert problems == [], "\n".join(problems)
    expect(page.locator(".site-nav__menu[open] :focus")).to_have_count(1)
    summary.focus()
    page.keyboard.press("Enter")

    card = page.locator("#work-applications-submitted a.work-card__link")
    expect(card).to_contain_text("1")
    with page.expect_navigation():
        card.click()
    expect(page).to_have_url(re.compile(r"/staff/applications/\?status=submitted$"))
    expect(page.locator("table caption")).to_have_text(re.compile(r"^1 application,"))
    expect(page.get_by_role("link", name="Submitted, waiting for review: 1")).to_have_attribute(
        "aria-current", "true"
    )
    workspace_step(page, "staff-queue")

    # At phone width the menu button opens the navigation, the staff groups inside it.
    page.set_viewport_size({"width": 320, "height": 800})
    page.get_by_role("button", name="Menu").click()
    page.locator("summary", has_text="Money").click()
    expect(page.locator("#site-nav").get_by_role("link", name="Invoices")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
