"""The provider's home (courses by approval, approvals ending, recent imports) at 1280, 390 and
320 px: nothing scrolls sideways, no serious axe-core violation, and each item is a link to its
page; photographed for the tour."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certify.accounts.models import User
from certify.courses.api import consent_invite
from certify.courses.models import CompletionImport, Course, CourseApproval, Provider
from certify.loaddata.demo.courses import demo_courses_create
from certify.programs.models import Program


@pytest.fixture
def provider(site_url) -> Provider:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    course = provider.courses.filter(status=Course.Status.APPROVED).first()
    assert course is not None
    # Its approval ends in two months: renewal is open.
    ends = timezone.localdate() + timedelta(days=60)
    CourseApproval.objects.filter(course=course).update(expires_on=ends)
    Course.objects.filter(pk=course.pk).update(approval_expires_on=ends)
    CompletionImport.objects.create(
        provider=provider,
        course=course,
        file="imports/spring-cohort.csv",
        original_name="spring-cohort.csv",
        total_rows=24,
    )
    return provider


def test_the_provider_home_fits_and_is_accessible(open_page, sign_in, workspace_step, provider):
    page = open_page()
    sign_in(page, "provider@example.org")
    page.goto(f"/providers/{provider.pk}/")
    expect(page.get_by_role("heading", name="Approved, in the catalog")).to_be_visible()
    expect(page.get_by_role("heading", name="Approvals ending within a year")).to_be_visible()
    link = page.get_by_role("link", name="spring-cohort.csv")
    expect(link).to_be_visible()
    workspace_step(page, "provider-home")  # 1280, 390 and 320 px: axe-core, no sideways scroll
    with page.expect_navigation():
        link.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/imports/" in page.url

    # The invitations sent: one card per invitation on a phone, not columns behind a scroll.
    course = provider.courses.filter(status=Course.Status.APPROVED).first()
    assert course is not None
    consent_invite(
        provider=provider,
        course=course,
        actor=User.objects.get(email="provider@example.org"),
        who="sam.lee@example.org",
    )
    page.goto(f"/providers/{provider.pk}/invitations/")
    expect(page.locator("td[data-label=Course]").first).to_be_visible()
    workspace_step(page, "provider-invitations")


def test_a_completion_upload_with_a_bad_row_reads_on_a_phone(
    open_page, sign_in, workspace_step, provider, tmp_path
):
    """The provider uploads a CSV with a row nobody matches and a row with a bad date: on a
    phone each row is a card whose "What happens", "Column" and "Problem" are on the screen
    (they sat off it in a scrolling table), and an unmatched row says how rows match."""
    course = provider.courses.filter(status=Course.Status.APPROVED).first()
    assert course is not None
    csv = tmp_path / "cohort.csv"
    last_week = timezone.localdate() - timedelta(days=7)
    csv.write_text(
        "email,full_name,completed_on\n"
        f"nobody@example.org,No Body,{last_week.isoformat()}\n"
        "someone@example.org,Some One,yesterday\n"
    )
    page = open_page()
    sign_in(page, "provider@example.org")
    page.goto(f"/providers/{provider.pk}/imports/")
    page.get_by_label("Course:").select_option(str(course.pk))
    page.get_by_label("CSV file:").set_input_files(str(csv))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Preview: the first rows")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    happens = page.locator('td[data-label="What happens"]').first
    expect(happens).to_contain_text("A row matches a candidate who named this course")
    assert happens.bounding_box()["x"] + happens.bounding_box()["width"] <= 320
    problem = page.locator('td[data-label="Problem"]').first
    expect(problem).to_contain_text("is not a date we understand")
    assert problem.bounding_box()["x"] + problem.bounding_box()["width"] <= 320
    # The refused row names its column as the file heads it.
    column = page.locator('td[data-label="Column"]').first
    expect(column).to_have_text("completed_on")
    assert column.bounding_box()["x"] + column.bounding_box()["width"] <= 320
    workspace_step(page, "provider-import-preview")


def test_one_completion_is_reported_on_a_form_that_fits_a_phone(
    open_page, sign_in, workspace_step, provider
):
    """From the provider's home to the one-completion form: a date in the future is refused
    beside the date, with what was typed kept; at 1280, 390 and 320 px, axe-core clean."""
    course = provider.courses.filter(status=Course.Status.APPROVED).first()
    assert course is not None
    page = open_page()
    sign_in(page, "provider@example.org")
    page.goto(f"/providers/{provider.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="report one completion").first.click()
    expect(page.get_by_role("heading", name="Report completions", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="One learner: fill in a form")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_label("Course:").select_option(str(course.pk))
    page.get_by_label("Candidate's e-mail address:").fill("nobody@example.org")
    page.get_by_label("Candidate's full name:").fill("No Body")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Completion date:").fill(tomorrow.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Report the completion").click()
    expect(page.locator("#id_completed_on_error, .errorlist").first).to_contain_text(
        "is in the future"
    )
    expect(page.get_by_label("Candidate's e-mail address:")).to_have_value("nobody@example.org")
    workspace_step(page, "provider-report-one")
    page.get_by_label("Completion date:").fill(timezone.localdate().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Report the completion").click()
    expect(page.get_by_text("Not matched: we kept your report")).to_be_visible()
