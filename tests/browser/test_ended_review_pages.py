"""The pages a closed account's case leaves, in chromium at 390 and 320 px (axe-core clean, no
sideways scrolling, every stop of the keyboard visible): the reviewer's own review after the
candidate closed their account says it ended and why, with her list of reviews next (it was
the site's 404); the staff pages of that case are titled by the candidate number, never the
closure's placeholder name (ADR 0007)."""

import re

from playwright.sync_api import expect

from certify.accounts.models import User
from certify.accounts.privacy import account_close
from certify.courses.api import candidate_number
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.portfolios import ended_reviews
from certify.portfolios.models import ReviewAssignment

from .test_automatic_assignment import checked
from .test_reviewer_workspace import assignment  # noqa: F401  (a fixture)


def _close(assignment: ReviewAssignment) -> None:  # noqa: F811  (the fixture's name)
    application = assignment.submission.portfolio.planned_set.application
    candidate = User.objects.get(pk=application.candidate_id)
    account_close(user=candidate, password=DEMO_PASSWORD)
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.WITHDRAWN


def test_a_reviewer_reads_that_her_review_ended_on_a_phone(
    open_page,
    assignment,  # noqa: F811
    sign_in,
    assert_accessible,
    console_errors,
):
    _close(assignment)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, assignment.reviewer.email)
    page.goto(f"/review/{assignment.pk}/")
    expect(page.get_by_role("heading", name=ended_reviews.HEADING, level=1)).to_be_visible()
    expect(page.get_by_text(ended_reviews.CANDIDATE_CLOSED)).to_be_visible()
    expect(page).to_have_title(f"{ended_reviews.HEADING} · Certify")
    checked(page, assert_accessible)
    page.get_by_role("link", name="Your reviews").click()
    page.wait_for_url("**/review/")
    # the browser logs the page's own 410; nothing else (no CSP or script error)
    assert [e for e in console_errors if "/review/" not in e] == []


def test_staff_read_a_closed_accounts_case_titled_by_its_number_on_a_phone(
    open_page,
    assignment,  # noqa: F811
    sign_in,
    assert_accessible,
    console_errors,
):
    _close(assignment)
    submission = assignment.submission
    application = submission.portfolio.planned_set.application
    number = candidate_number(application)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")
    for noun, path in (
        ("Application", f"/staff/applications/{application.pk}/"),
        ("Review", f"/staff/portfolios/{submission.pk}/"),
        ("Plan", f"/staff/applications/{application.pk}/plan/"),
    ):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(path)
        title = f"{noun} (account closed), candidate {number}"
        expect(page).to_have_title(f"{title} · Certify")
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_contain_text(re.compile(rf"account closed\)?, candidate {number}"))
        assert "Closed account" not in heading.inner_text()
        checked(page, assert_accessible)
    assert console_errors == []
