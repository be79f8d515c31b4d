"""A closed account's people page and its case's history, in chromium at 390 and 320 px
(axe-core clean, no sideways scrolling, every stop of the keyboard visible): titled by the
candidate number, the history saying "by the candidate (account closed)", never the closure's
placeholder name (ADR 0016)."""

from playwright.sync_api import expect

from certify.accounts.models import User
from certify.applications.models import ApplicationTransition
from certify.courses.api import candidate_number

from .test_automatic_assignment import checked
from .test_ended_review_pages import _close
from .test_reviewer_workspace import assignment  # noqa: F401  (a fixture)


def test_staff_read_a_closed_persons_page_and_history_on_a_phone(
    open_page,
    assignment,  # noqa: F811
    sign_in,
    assert_accessible,
    console_errors,
):
    application = assignment.submission.portfolio.planned_set.application
    candidate = User.objects.get(pk=application.candidate_id)
    ApplicationTransition.objects.create(
        application=application, from_status="draft", to_status="submitted", actor=candidate
    )
    _close(assignment)
    number = candidate_number(application)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")

    page.goto(f"/account/people/{candidate.pk}/")
    title = f"Person (account closed), candidate {number}"
    expect(page).to_have_title(f"{title} · Certify")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    assert "Closed account" not in page.content()
    checked(page, assert_accessible)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/staff/applications/{application.pk}/")
    expect(page.get_by_text("by the candidate (account closed)").first).to_be_visible()
    assert "Closed account" not in page.content()
    checked(page, assert_accessible)
    assert console_errors == []
