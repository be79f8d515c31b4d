"""The framework screens in chromium (ADR 0056): staff start a draft of LSSCP's framework, add a
set and a competency, look at the comparison; axe-core clean and no sideways scrolling at 1280,
390 and 320 px (the workspace fixture)."""

from playwright.sync_api import expect

from tests.browser.journey import submit

STAFF = "staff@example.org"


def test_staff_draft_a_set_and_compare_the_draft(page, sign_in, workspace_step):
    sign_in(page, STAFF)
    page.goto("/staff/programs/lsscp/framework/")
    expect(page.get_by_role("heading", name="Competency framework versions")).to_be_visible()
    workspace_step(page, "framework-versions")

    page.get_by_label("Name of the new version (optional)").fill("2012 revision")
    submit(page, page.get_by_role("button", name="Start a draft"))
    expect(page.get_by_role("heading", name="Version 2 (2012 revision)")).to_be_visible()

    page.locator("#id_code").fill("DIG")
    page.locator("#id_name").fill("Digital Services")
    page.get_by_label("Elective").check()
    page.get_by_label("Portfolio only").check()
    submit(page, page.get_by_role("button", name="Add the set"))
    expect(page.get_by_role("heading", name="DIG: Digital Services", level=1)).to_be_visible()
    page.locator("#id_comp-code").fill("DIG-01")
    page.locator("#id_comp-statement").fill("Runs a digital service for library users.")
    submit(page, page.get_by_role("button", name="Add the competency"))
    expect(page.get_by_text("Runs a digital service for library users.")).to_be_visible()
    workspace_step(page, "framework-set-editor")

    page.goto("/staff/programs/lsscp/framework/2/compare/")
    expect(page.get_by_role("heading", name="Sets added (1)")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="DIG Digital Services")).to_be_visible()
    workspace_step(page, "framework-compare")
