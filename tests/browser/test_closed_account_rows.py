"""Staff's list of submitted portfolio versions and the membership queue on a phone, in
chromium at 390 and 320 px (axe-core clean, no sideways scrolling, every stop of the keyboard
visible): a candidate who closed their account is listed as "Account closed (candidate
LSSCP-C-…)", never the closure's placeholder name (ADR 0016)."""

from playwright.sync_api import expect

from certify.courses.api import candidate_number
from tests.memberships.test_closed_person_names_api import _closed, _member

from .test_automatic_assignment import checked
from .test_ended_review_pages import _close
from .test_reviewer_workspace import assignment  # noqa: F401  (a fixture)


def test_staff_read_a_closed_candidates_row_on_a_phone(
    open_page,
    assignment,  # noqa: F811
    sign_in,
    assert_accessible,
    console_errors,
):
    application = assignment.submission.portfolio.planned_set.application
    _close(assignment)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")

    page.goto("/staff/portfolios/")
    row = f"Account closed (candidate {candidate_number(application)})"
    expect(page.get_by_role("link", name=row)).to_be_visible()
    assert "Closed account" not in page.content()
    assert "closed.invalid" not in page.content()
    checked(page, assert_accessible)
    assert console_errors == []


def test_staff_read_a_closed_members_row_in_the_membership_queue_on_a_phone(
    open_page, sign_in, assert_accessible, console_errors
):
    """The membership queue: a reopened account still holding the placeholder is its number."""
    membership, number = _member()
    _closed(membership.user)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")

    page.goto("/memberships/queue/?status=all")
    row = page.locator("td[data-label='Person']", has_text="Account closed")
    expect(row).to_have_text(f"Account closed (candidate {number})")
    assert "Closed account" not in page.content()
    assert "closed.invalid" not in page.content()
    checked(page, assert_accessible)
    assert console_errors == []
