"""The rubric form on a phone, at 390 and 320 px with axe-core: the sponsor's administrator
gives a new criterion 150 points and gives another 0; the page comes back at its error summary,
which takes the focus and names each criterion's problem, linked to its field, with what was
typed kept. Corrected, the rubric is saved."""

import pytest
from playwright.sync_api import expect

from certify.accounts.models import User
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.programs.models import Program

from .test_committee_day_phone import _summary_has_focus
from .test_phone_walks import PHONE, phone_problems

RUBRIC = "/scholarships/sponsor/funds/ssd-lsscp-enrollment/rubric/"


@pytest.fixture
def demo(site_url) -> None:
    program = Program.objects.get(slug="lsscp")
    sponsor = User.objects.get(email="sponsor@example.org")
    demo_scholarships_create(program=program, sponsor_user=sponsor)


def test_a_refused_rubric_opens_at_its_summary_on_a_phone(open_page, sign_in, demo):
    page = open_page(**PHONE)
    sign_in(page, "sponsor@example.org")
    page.goto(RUBRIC)
    page.set_viewport_size({"width": 320, "height": 844})
    page.locator("#id_form-4-name").fill("Service to the library")
    page.locator("#id_form-4-max_points").fill("150")
    page.locator("#id_form-0-max_points").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the rubric").click()
    _summary_has_focus(page, "rubric-errors")
    summary = page.locator("#rubric-errors")
    expect(summary).to_contain_text("Criterion 1: Give at least 1 point.")
    expect(summary).to_contain_text("Criterion 5: Give at most 100 points.")
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page.locator("#id_form-4-name")).to_have_value("Service to the library")
    expect(page.locator("#id_form-4-max_points")).to_have_value("150")
    assert phone_problems(page) == []
    summary.get_by_role("link").last.click()
    assert page.evaluate("() => document.activeElement.id") == "id_form-4-max_points"
    page.keyboard.press("Control+a")
    page.keyboard.type("5")
    page.locator("#id_form-0-max_points").fill("10")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the rubric").click()
    expect(page.get_by_text("rubric is saved.", exact=False)).to_be_visible()
    assert phone_problems(page) == []
