"""The staff page of a version whose candidate's account is closed (here an administrator
deactivated it, ADR 0007), in chromium at 390 and 320 px: the notice at its top says once that
nobody reviews it now, before its reviewers, and reads as a status (axe-core clean, no sideways
scrolling, every stop of the keyboard visible)."""

from playwright.sync_api import expect

from certify.accounts.models import User
from certify.accounts.services import account_deactivate
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services.closed_candidate import CLOSED
from certify.portfolios.services.deactivated import deactivated_candidate_reviews_withdraw

from .test_automatic_assignment import checked
from .test_reviewer_workspace import assignment  # noqa: F401  (a fixture)


def test_staff_read_a_closed_accounts_version_on_a_phone(
    open_page,
    assignment,  # noqa: F811
    sign_in,
    assert_accessible,
    console_errors,
):
    submission = assignment.submission
    candidate = User.objects.get(pk=submission.portfolio.planned_set.application.candidate_id)
    account_deactivate(user=candidate, actor=User.objects.get(email="staff@example.org"))
    deactivated_candidate_reviews_withdraw(candidate_id=candidate.pk)  # as the event does
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.WITHDRAWN

    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")
    page.goto(f"/staff/portfolios/{submission.pk}/")
    notice = page.get_by_role("status").filter(has_text=CLOSED)
    expect(notice).to_have_count(1)
    expect(notice).to_be_visible()
    # Said before the reviewers, not only beside each one.
    top = notice.bounding_box()
    below = page.get_by_role("heading", name="Reviewers", exact=True).bounding_box()
    assert top is not None
    assert below is not None
    assert top["y"] < below["y"]
    checked(page, assert_accessible)
    assert console_errors == []
