"""Casework in a real browser (ADR 0048), at 1280, 390 and 320 px with axe-core: staff write an
internal note and take the case on an application's page, the queue shows who has it; revoking a
certificate goes through its confirmation page."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.certificates import demo_certified_create
from certify.programs.models import Program

NOTE = "Called Pat Lee at Riverside: the 20 hours a week are right."


def test_staff_note_assign_and_revoke_with_confirmation(
    open_page: Callable[..., Page], site_url, sign_in, workspace_step, console_errors
):
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    certificate = demo_certified_create(program=program, staff=staff)
    assert certificate is not None
    application = Application.objects.get(candidate__email="submitted@example.org")

    page = open_page()
    sign_in(page, "staff@example.org")
    page.goto(f"/staff/applications/{application.pk}/")
    casework = page.locator("#casework")
    expect(casework).to_contain_text("No one yet.")
    casework.get_by_label("Add an internal note").fill(NOTE)
    with page.expect_navigation():
        casework.get_by_role("button", name="Add the note").click()
    expect(page.locator(".case-note").first).to_contain_text(NOTE)
    expect(page.locator(".case-note__meta").first).to_contain_text(staff.full_name)
    with page.expect_navigation():
        page.locator("#casework").get_by_role("button", name="Assign to me").click()
    expect(page.locator("#casework")).to_contain_text("(you)")
    workspace_step(page, "staff-case")

    page.goto("/staff/applications/?assigned=me")
    row = page.locator("tr", has_text=application.candidate.full_name)
    expect(row).to_contain_text(staff.full_name)

    page.goto(f"/staff/certificates/{certificate.pk}/")
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name="Revoke this certificate…").click()
    expect(page.locator("h1")).to_have_text(f"Revoke certificate {certificate.number}?")
    expect(page.locator("#confirm-warning").locator("..")).to_contain_text("cannot be undone")
    workspace_step(page, "staff-revoke-confirm")
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.VALID
    page.get_by_label("Why revoke it?").fill("Issued on a forged course certificate.")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Yes, revoke certificate {certificate.number}").click()
    expect(page.locator("h1")).to_contain_text(certificate.number)
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.REVOKED
    assert console_errors == []
