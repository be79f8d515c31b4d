"""The staff page of a version with a place open, in chromium at 390 and 320 px: it says whom
"Assign automatically" would pick, who is next and who is left out and why (axe-core clean, no
sideways scrolling, every stop of the keyboard visible). The one it showed reaches capacity
before staff press: nothing is assigned, the page says so and shows the new pick, and pressing
again assigns that one."""

import re

from playwright.sync_api import Page, expect

from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from tests.portfolios.conftest import make_reviewer

from .conftest import fits
from .test_reviewer_workspace import assignment  # noqa: F401  (a fixture)
from .wcag22 import tab_through


def picked(page: Page) -> list[int]:
    return [
        int(v)
        for v in page.locator('input[name="picked"]').evaluate_all("(es) => es.map(e => e.value)")
    ]


def checked(page: Page, assert_accessible) -> None:
    for width, height in ((390, 844), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        fits(page)
        assert_accessible(page)
        page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
        problems = tab_through(page, 80)
        assert problems == [], "\n".join(problems)


def test_staff_see_and_press_the_automatic_assignment_on_a_phone(
    open_page,
    assignment,  # noqa: F811
    sign_in,
    assert_accessible,
    console_errors,
):
    submission = assignment.submission
    ReviewAssignment.objects.filter(pk=assignment.pk).update(
        status=ReviewAssignment.Status.WITHDRAWN
    )
    make_reviewer("Rosa Rater", employer="Eastside Library")
    make_reviewer("Lou Loaded-Beyond-Their-Capacity-With-A-Long-Name", capacity=0)
    make_reviewer("Nell Neighbour", employer="Riverside Public Library")
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")
    page.goto(f"/staff/portfolios/{submission.pk}/")
    expect(page.get_by_role("heading", name="Automatic assignment")).to_be_visible()
    (shown,) = picked(page)
    name = str(ReviewerProfile.objects.get(user_id=shown).user)
    expect(page.get_by_text("Pressing “Assign automatically” would assign:")).to_be_visible()
    expect(page.get_by_role("list", name="Left out, and why:")).to_contain_text(
        "Nell Neighbour: The reviewer works at a library where the candidate works or worked."
    )
    checked(page, assert_accessible)

    # Meanwhile the one shown reaches capacity: pressing assigns nobody and says why.
    ReviewerProfile.objects.filter(user_id=shown).update(capacity=0)
    before = submission.assignments.count()
    button = page.get_by_role("button", name=re.compile(r"^Assign automatically"))
    with page.expect_navigation():
        button.click()
    expect(page.get_by_role("alert")).to_contain_text(  # an error: read out at once
        f"Nobody was assigned: whom the automatic assignment picks changed since you opened the "
        f"page. {name} has 0 open reviews, as many as their reviewer profile takes."
    )
    assert submission.assignments.count() == before
    (now,) = picked(page)
    assert now != shown
    checked(page, assert_accessible)

    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Assign automatically")).click()
    again = str(ReviewerProfile.objects.get(user_id=now).user)
    expect(page.get_by_role("status")).to_contain_text(
        f"Assigned automatically: {again} now reviews this portfolio."
    )
    assert submission.assignments.filter(reviewer_id=now, status="assigned").exists()
    expect(page.get_by_text("the automatic assignment has no place to fill")).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert not console_errors, console_errors
